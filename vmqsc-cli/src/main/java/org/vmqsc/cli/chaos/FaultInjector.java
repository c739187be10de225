package org.vmqsc.cli.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.vmqsc.cli.ClusterDir;
import org.vmqsc.runtime.proto.VmLedger;
import org.vmqsc.runtime.storage.ObjectStore;
import org.vmqsc.runtime.storage.WriteFault;

/**
 * Puts one {@link Fault} into the running cluster, as an operator's bad day would: real
 * signals to real processes, a real fault file for the storage, real bytes flipped
 * in the stored item (a file, or an object in the bucket).
 * Returns when the fault is over (the killed process restarted, the paused one continued, the
 * fault file removed), with what will show that the cluster noticed it.
 */
final class FaultInjector {
  /** The fault is over at {@code endMillis}; {@code evidence} holds once its effect was seen. */
  record Injected(long endMillis, BooleanSupplier evidence, String note) {}

  private final ChaosTarget t;
  private final ChaosProcesses procs;
  private final Observe observe;
  private final long periodMillis;
  private final long heartbeatMillis;

  FaultInjector(ChaosTarget t, ChaosProcesses procs, Observe observe) {
    this.t = t;
    this.procs = procs;
    this.observe = observe;
    this.periodMillis = t.spec().basePeriodMillis();
    this.heartbeatMillis = t.spec().heartbeatTimeoutMillis();
  }

  Injected inject(Fault f) throws Exception {
    String host = ClusterDir.hostName(f.host());
    return switch (f.kind()) {
      case HOST_KILL -> killAndRestart(f.host(), "");
      case MANAGER_KILL -> {
        String manager = leader();
        procs.kill(manager);
        long end = System.currentTimeMillis();
        procs.start(manager);
        yield new Injected(end, () -> true, manager.equals(ClusterDir.MANAGER) ? "" : manager);
      }
      case LEADER_KILL -> killLeader();
      case VM_FAIL -> failVm(f.vm());
      case HOST_PAUSE -> pauseHost(f.host());
      case MANAGER_PAUSE -> {
        String manager = leader();
        procs.pause(manager);
        Thread.sleep(heartbeatMillis + periodMillis);
        procs.resume(manager);
        yield new Injected(System.currentTimeMillis(), () -> true, "");
      }
      case KILL_IN_RECOVERY -> killDuringRecovery(f.host(), ClusterDir.hostName(f.second()));
      case MANAGER_KILL_IN_RECOVERY -> killDuringRecovery(f.host(), null);
      case STORAGE_FAIL -> failWrites(f.host());
      case CORRUPT_NEWEST -> killAndRestart(f.host(), corruptNewest(f.host(), f.vm(), false)
          + "; " + host + " killed and restarted");
      case CORRUPT_LOG -> killAndRestart(f.host(), corruptNewest(f.host(), f.vm(), true)
          + "; " + host + " killed and restarted");
    };
  }

  /**
   * The manager process that leads now: {@code manager}, or with replicas the one the answering
   * manager says it is (asked again for a while: during an election no one answers).
   */
  private String leader() throws InterruptedException {
    if (t.spec().replicas() == null) {
      return ClusterDir.MANAGER;
    }
    long deadline = System.currentTimeMillis() + Observe.ANSWER_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      Integer id = Observe.quick(() -> observe.status().getManagerReplicasList().stream()
          .filter(r -> r.getLeader()).map(r -> r.getId()).findFirst().orElse(null), 2000);
      if (id != null) {
        return ClusterDir.replicaName(id);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("no manager replica answered as the leader within "
        + Observe.ANSWER_MILLIS / 1000 + " s");
  }

  /**
   * SIGKILLs the leader, waits for a manager of a later term to answer (the next leader, found by
   * the hosts as by this client), then restarts the killed replica, which rejoins as a follower.
   * With one manager, kills and restarts it. Says how long the lead was vacant.
   */
  private Injected killLeader() throws Exception {
    if (t.spec().replicas() == null) {
      procs.kill(ClusterDir.MANAGER);
      long end = System.currentTimeMillis();
      procs.start(ClusterDir.MANAGER);
      return new Injected(end, () -> true, "one manager: killed and restarted");
    }
    String killed = leader();
    long term = observe.statusRetried().getManagerTerm();
    procs.kill(killed);
    long end = System.currentTimeMillis();
    boolean next = Observe.until(() -> observe.status().getManagerTerm() > term,
        end + Observe.ANSWER_MILLIS);
    long vacant = System.currentTimeMillis() - end;
    procs.start(killed);
    return new Injected(end, () -> observe.status().getManagerTerm() > term, killed
        + " (term " + term + ") killed; " + (next ? "a leader of a later term answered after "
            + vacant + " ms" : "no new leader answered within " + vacant / 1000 + " s"));
  }

  /** SIGKILL, wait until reaped, start again; the restarted process's join is the evidence. */
  private Injected killAndRestart(int host, String note) throws Exception {
    String name = ClusterDir.hostName(host);
    int joins = observe.joins(host);
    procs.kill(name);
    long end = System.currentTimeMillis();
    procs.start(name);
    return new Injected(end, () -> observe.status().getHosts(host).getJoins() > joins, note);
  }

  /** The VM seen down, or with a new incarnation, is the evidence it failed and came back. */
  private Injected failVm(int vm) {
    VmLedger before = observe.ledger(vm);
    int incarnation = before == null ? -1 : before.getIncarnation();
    boolean[] seenDown = {false};
    String note = "";
    try {
      t.client().failVm(vm);
    } catch (RuntimeException e) {
      note = "the failVm call failed (" + e.getMessage() + "); the VM may not have failed";
    }
    long end = System.currentTimeMillis();
    return new Injected(end, () -> {
      VmLedger l = observe.ledger(vm);
      if (l != null && !l.getUp()) {
        seenDown[0] = true;
      }
      return seenDown[0] || (l != null && l.getIncarnation() != incarnation);
    }, note);
  }

  /**
   * SIGSTOP past the heartbeat timeout: until the manager declares the host failed (or three
   * timeouts pass), then SIGCONT. A host told to stop when it comes back exits, and the recovery
   * loop restarts it, as an operator would.
   */
  private Injected pauseHost(int host) throws Exception {
    String name = ClusterDir.hostName(host);
    long start = System.currentTimeMillis();
    procs.pause(name);
    Thread.sleep(heartbeatMillis + periodMillis);
    boolean declared = Observe.until(() -> !observe.status().getHosts(host).getAlive(),
        start + 3 * heartbeatMillis);
    long paused = System.currentTimeMillis() - start;
    procs.resume(name);
    return new Injected(System.currentTimeMillis(), () -> true, "paused " + paused + " ms, "
        + (declared ? "declared failed" : "NOT declared failed"));
  }

  /**
   * Kills {@code host}, restarts it, and as soon as the manager has its join (the recovery
   * starts there) SIGKILLs {@code second} too, then restarts it. Says whether the second kill
   * landed before the recovery was done.
   */
  private Injected killDuringRecovery(int host, String second) throws Exception {
    String name = ClusterDir.hostName(host);
    int joins = observe.joins(host);
    int recoveries = observe.statusRetried().getRecoveries();
    procs.kill(name);
    procs.start(name);
    boolean joined = Observe.until(() -> observe.status().getHosts(host).getJoins() > joins,
        System.currentTimeMillis() + Observe.ANSWER_MILLIS);
    // Asked without waiting: the second kill must not wait for a manager busy recovering.
    Integer recoveriesAtKill = Observe.quick(() -> observe.status().getRecoveries(), 300);
    if (second == null) { // the manager: with replicas, the one leading now
      second = leader();
    }
    procs.kill(second);
    long end = System.currentTimeMillis();
    procs.start(second);
    String when = !joined ? "but the restarted host had not joined within 30 s"
        : recoveriesAtKill == null ? "while the manager did not answer (recovering?)"
        : recoveriesAtKill == recoveries ? "during the recovery" : "after the recovery was done";
    return new Injected(end, () -> true, second + " killed " + when);
  }

  /** Writes fail for three periods and a lazy delay; the durable line must move on afterwards. */
  private Injected failWrites(int host) throws Exception {
    // The storage looks for the fault file in the local storage directory whatever its store:
    // with a bucket, nothing else may have made that directory.
    Path fault = WriteFault.file(t.spec().storageDir(), host);
    Files.createDirectories(fault.getParent());
    int before = observe.durableLineOr(-1);
    Files.writeString(fault, "vmqsc chaos\n");
    try {
      Thread.sleep(3 * periodMillis + t.spec().lazyDelayMillis());
    } finally {
      Files.deleteIfExists(fault);
    }
    int during = observe.durableLineOr(-1);
    return new Injected(System.currentTimeMillis(), () -> true,
        "durable line " + before + " -> " + during + " while writes failed");
  }

  /**
   * Flips 8 bytes in the middle of the newest item (in staging order) of the {@code index}-th
   * VM the manager places on {@code host} (any VM when it has none), in the store the cluster
   * really uses: the file in the storage directory, or the object in the bucket (GET, flip, PUT
   * back under the same key through the S3 API); returns which item, where. With {@code log},
   * the newest log record of that VM inside its log segment instead.
   */
  private String corruptNewest(int host, int index, boolean log)
      throws IOException, InterruptedException {
    List<Integer> vms = new ArrayList<>();
    List<Integer> placement = observe.statusRetried().getVmHostList();
    for (int v = 0; v < placement.size(); v++) {
      if (placement.get(v) == host) {
        vms.add(v);
      }
    }
    int vm = vms.isEmpty() ? index % t.spec().topology().vms() : vms.get(index % vms.size());
    try (ObjectStore store = t.spec().openStore()) {
      return log ? Damage.flipNewestLog(store, vm) : Damage.flipNewest(store, vm);
    }
  }
}
