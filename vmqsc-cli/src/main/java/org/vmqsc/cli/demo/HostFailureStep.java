package org.vmqsc.cli.demo;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Optional;
import org.vmqsc.runtime.manager.ManagerStateFile;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.JournalEntry;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * A host's process is SIGKILLed just after a tick, while the checkpoints staged at the last
 * ticks still wait for their lazy write (R10), and is restarted at once; the manager recovers it
 * (R9). The step times each phase from the manager's status and hands what it saw to
 * {@link HostRollbackCheck} (VM_QSC: the restores the hypervisors' journals recorded and the
 * VMs' incarnations) or {@link HostGuestCheck} (the other protocols: the guests' ledgers).
 */
final class HostFailureStep {
  private final DemoCluster c;
  private final int host;
  private ClusterStatusResponse atKill;
  /** The guests shortly before the kill (the host's own cannot be read after it). */
  private Map<Integer, VmLedger> ledgersAtKill;
  private long killed;
  private long detected;

  HostFailureStep(DemoCluster cluster, int host) {
    this.c = cluster;
    this.host = host;
  }

  /** False when the story cannot go on (the checks not reached stay FAIL). */
  boolean run() throws Exception {
    if (!killAfterTick()) {
      return false;
    }
    if (!c.await(() -> !c.status().getHosts(host).getAlive(), "host " + host + " seen failed")) {
      return false;
    }
    detected = System.currentTimeMillis();
    ClusterStatusResponse seen = c.status();
    c.report.step("manager saw host %d fail after %d ms; lines %s; restarting it", host,
        detected - killed, DemoCluster.lines(seen));
    return restartAndRecover(seen);
  }

  /** Kills a quarter of the way into the shorter of T0 and the lazy delay after the next tick. */
  private boolean killAfterTick() throws Exception {
    Optional<Long> epochMillis = c.managerState().map(ManagerStateFile::epochMillis);
    if (epochMillis.isEmpty()) {
      c.abort("the manager's state file (and its clock epoch) cannot be read");
      return false;
    }
    long e = epochMillis.get();
    long t0 = c.spec.basePeriodMillis();
    long lazy = c.spec.lazyDelayMillis();
    long offset = Math.max(1, Math.min(t0, lazy) / 4);
    ledgersAtKill = c.ledgers(); // before the wait: reading them must not delay the kill
    long killAt = e + ((System.currentTimeMillis() - e) / t0 + 1) * t0 + offset;
    Thread.sleep(Math.max(0, killAt - System.currentTimeMillis()));
    atKill = c.status();
    killed = System.currentTimeMillis();
    Optional<Long> pid = c.killHost(host);
    if (pid.isEmpty()) {
      c.abort("host " + host + " is not running");
      return false;
    }
    long lastTick = (killed - e) / t0;
    // Checkpoints staged at ticks x with e + x*T0 + lazy > killed were not written yet (R10).
    long firstPending = Math.max(0, (killed - lazy - e) / t0 + 1);
    c.report.step("host %d killed (pid %d, SIGKILL) %d ms after tick %d; by the lazy delay the "
        + "checkpoints staged at ticks %d..%d were not yet written; manager's lines at the kill: "
        + "%s", host, pid.get(), killed - e - lastTick * t0, lastTick, firstPending, lastTick,
        DemoCluster.lines(atKill));
    return true;
  }

  /** Restarts the host and follows the manager's status until the recovery has run. */
  private boolean restartAndRecover(ClusterStatusResponse seen) throws Exception {
    int recoveries0 = seen.getRecoveries();
    int joins0 = seen.getHosts(host).getJoins();
    int[] durableBeforeRecovery = {seen.getDurableLine()}; // the last one seen before it ran
    long[] joined = {-1};
    long started = System.currentTimeMillis();
    c.startHost(host);
    if (!c.await(() -> {
      ClusterStatusResponse s = c.status();
      if (s.getRecoveries() == recoveries0) {
        durableBeforeRecovery[0] = s.getDurableLine();
      }
      if (joined[0] < 0 && s.getHosts(host).getJoins() > joins0) {
        joined[0] = System.currentTimeMillis();
      }
      return s.getRecoveries() > recoveries0 && s.getHosts(host).getAlive();
    }, "host " + host + " recovered")) {
      return false;
    }
    long recovered = System.currentTimeMillis();
    long join = joined[0] < 0 ? recovered : joined[0];
    ClusterStatusResponse after = c.status();
    c.report.timing(String.format("host %d: kill to recovered in %d ms (failure noticed after %d "
        + "ms, then restart and recovery %d ms)", host, recovered - killed, detected - killed,
        recovered - detected));
    c.report.timing(String.format("host %d: the restarted process joined %d ms after its start; "
        + "the manager's recovery was done %d ms after the join (its status, polled "
        + "every %d ms)", host, join - started, recovered - join, DemoCluster.POLL_MILLIS));
    c.report.step("host %d recovered after %d ms; lines %s", host, recovered - killed,
        DemoCluster.lines(after));
    AtomicReference<Map<Integer, VmLedger>> ledgers = new AtomicReference<>();
    if (!c.await(() -> {
      ledgers.set(c.ledgers());
      return ledgers.get().values().stream().allMatch(VmLedger::getUp);
    }, "every VM up after host " + host + "'s recovery")) {
      return false;
    }
    if (c.report.promise() == Promise.R9) {
      new HostRollbackCheck(c, host, atKill, durableBeforeRecovery[0])
          .decide(after, restoredSince(killed), incarnations(ledgersAtKill),
              incarnations(ledgers.get()));
      return true;
    }
    HostGuestCheck.decide(c, host, ledgersAtKill, atKill, durableBeforeRecovery[0],
        ledgers.get(), c.status());
    return true;
  }

  /**
   * The VMs the hypervisors restored to a line since {@code millis} (their journals, on this
   * machine's clock), each with its line: what rolled back, as the hypervisors saw it.
   */
  private Map<Integer, Integer> restoredSince(long millis) {
    Map<Integer, Integer> restored = new TreeMap<>();
    for (JournalEntry e : c.client.journals()) {
      if (e.getKind() == JournalEntry.Kind.RESTORED && e.getAtMillis() >= millis) {
        restored.put(e.getVm(), e.getIndex());
      }
    }
    return restored;
  }

  /** Each VM's incarnation as its hypervisor reports it. */
  private static Map<Integer, Integer> incarnations(Map<Integer, VmLedger> ledgers) {
    Map<Integer, Integer> m = new TreeMap<>();
    ledgers.forEach((vm, l) -> m.put(vm, l.getIncarnation()));
    return m;
  }
}
