package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.runtime.cluster.Fig2Cluster.await;
import static org.vmqsc.runtime.cluster.Fig2Cluster.fig2;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.hypervisor.HypervisorProbe;
import org.vmqsc.runtime.log.LogCapture;
import org.vmqsc.runtime.manager.ManagerProbe;
import org.vmqsc.runtime.proto.ClusterStatusResponse;

/**
 * Liveness, fencing and the relocation policy on the Figure 2 cluster, with time moved by hand
 * ({@link HandTime}): every timing decision (silence, grace, relocateAfter) is taken at the
 * hand-moved time the story names, however slow the machine running it.
 */
class LivenessByHandTest {
  @TempDir Path dir;
  final HandTime time = new HandTime();
  Fig2Cluster c;
  long timeout;

  @AfterEach
  void stop() throws Exception {
    if (c != null) {
      c.close();
    }
  }

  private void start(ClusterSpec spec) throws Exception {
    c = time.start(spec);
    timeout = spec.heartbeatTimeoutMillis();
    time.runUntil(() -> status().getDurableLine() >= 2, Duration.ofSeconds(30),
        "durable line >= 2");
  }

  private ClusterStatusResponse status() {
    return c.client.clusterStatus();
  }

  private boolean alive(int h) {
    return status().getHosts(h).getAlive();
  }

  @Test
  void aHostThatReportsInTimeIsNotDeclaredFailed() throws Exception {
    start(fig2(dir));
    long end = time.now() + 4 * timeout;
    while (time.now() < end) {
      time.step();
      assertThat(alive(0)).as("host 0 at %d", time.now()).isTrue();
      assertThat(alive(1)).as("host 1 at %d", time.now()).isTrue();
    }
    assertThat(status().getRecoveries()).isZero();
  }

  /** Alive while silent for at most the timeout; failed once a liveness check has seen more. */
  @Test
  void aHostSilentPastTheHeartbeatTimeoutIsDeclaredFailed() throws Exception {
    start(fig2(dir));
    time.pause(1);
    while (true) {
      long silent = time.now() - ManagerProbe.lastHeard(c.manager, 1);
      boolean alive = alive(1);
      if (silent <= timeout) {
        assertThat(alive).as("host 1 silent for %d ms", silent).isTrue();
      } else if (silent > timeout + HandTime.STEP.toMillis()) {
        assertThat(alive).as("host 1 silent for %d ms", silent).isFalse();
        break;
      }
      time.step();
    }
    assertThat(alive(0)).as("host 0 kept talking").isTrue();
  }

  /**
   * The fault campaign's story: host 1 pauses past the timeout, is declared failed, wakes up and
   * is told to stop (fenced); restarted, it is recovered, and then it must stay up. It used to be
   * declared failed again about a second later (the manager wrote to the fenced session's stream)
   * and its new process fenced too.
   */
  @Test
  void aHostFencedAfterAPauseIsRecoveredByARestartAndStaysUp() throws Exception {
    start(fig2(dir));
    time.pause(1);
    time.runUntil(() -> !alive(1), Duration.ofMillis(2 * timeout), "host 1 declared failed");

    time.resume(1);
    await(c.hvs[1]::wasFenced, 10_000, "host 1 told to stop when it woke up");
    assertThat(alive(1)).isFalse();
    c.crash(1);
    time.resume(1); // the new process reads the machine's time...
    c.restart(1);
    time.pause(1); // ...but its first heartbeat is late (one sent before its session is up is lost)
    time.runUntil(() -> status().getRecoveries() == 1 && alive(1), Duration.ofSeconds(10),
        "host 1 recovered");
    time.advance(Duration.ofMillis(2 * Fig2Cluster.T0)); // the manager announces meanwhile
    time.resume(1);

    long end = time.now() + 3 * timeout;
    while (time.now() < end) {
      time.step();
      assertThat(c.hvs[1].wasFenced()).as("restarted host 1 fenced at %d", time.now()).isFalse();
      assertThat(alive(1)).as("host 1 alive at %d", time.now()).isTrue();
    }
    assertThat(status().getRecoveries()).isEqualTo(1);
    awaitQuietAndWhole();
  }

  /**
   * A restarted manager does not hold its own absence against the hosts: they have one heartbeat
   * timeout to find it before their silence starts to count.
   */
  @Test
  void aRestartedManagerGrantsOneTimeoutOfGrace() throws Exception {
    start(fig2(dir));
    time.pause(0);
    time.pause(1); // neither host reconnects: its reconnect timer waits on its clock
    c.restartManager();
    long restartedAt = time.now();
    while (time.now() - restartedAt <= 2 * timeout) {
      assertThat(alive(0) && alive(1)).as("hosts at +%d ms", time.now() - restartedAt).isTrue();
      time.step();
    }
    time.advance(HandTime.STEP);
    assertThat(alive(0) || alive(1)).as("after the grace and a timeout").isFalse();
  }

  /** Hosts that find the restarted manager within the grace carry on, unrecovered. */
  @Test
  void hostsThatFindARestartedManagerInTimeCarryOn() throws Exception {
    start(fig2(dir));
    c.restartManager();
    int before = status().getDurableLine();
    time.runUntil(() -> status().getDurableLine() >= before + 2, Duration.ofSeconds(30),
        "durable line moves on under the restarted manager");
    assertThat(alive(0) && alive(1)).isTrue();
    assertThat(status().getRecoveries()).isZero();
  }

  /**
   * D14: a crashed host's VMs move to the live host once relocateAfter has passed, not before;
   * the cluster carries on with every VM on host 0, and host 1, back, rejoins empty.
   */
  @Test
  void aFailedHostsVmsMoveOnlyAfterRelocateAfter() throws Exception {
    long relocateAfter = 2000;
    start(fig2(dir, relocateAfter));
    c.crash(1);
    await(() -> !alive(1), 10_000, "host 1's broken session seen");
    long failedAt = time.now();
    while (time.now() - failedAt <= relocateAfter) {
      assertThat(status().getVmHostList()).as("at +%d ms", time.now() - failedAt)
          .containsExactly(0, 0, 1, 1);
      time.step();
    }
    time.advance(HandTime.STEP);
    ClusterStatusResponse s = status();
    assertThat(s.getRecoveries()).isEqualTo(1);
    assertThat(s.getVmHostList()).containsExactly(0, 0, 0, 0);
    assertThat(c.client.status(0).getVmsList()).hasSize(4);
    time.runUntil(() -> status().getDurableLine() >= s.getDurableLine() + 3,
        Duration.ofSeconds(30), "durable line moves on with every VM on host 0");

    c.restart(1);
    time.runUntil(() -> alive(1), Duration.ofSeconds(10), "host 1 rejoined");
    assertThat(status().getRecoveries()).isEqualTo(1);
    assertThat(c.client.status(1).getVmsList()).isEmpty();
    awaitQuietAndWhole();
  }

  /**
   * The manager loses host 1's session while the host lives on (a network glitch): host 1 is
   * declared failed at once, is told to stop when its session comes back (one reconnect delay
   * later on its clock) rather than carry on unheard, and a restart recovers it (R9).
   */
  @Test
  void aHostWhoseSessionBrokeIsFencedWhenItComesBackAndRecoveredByARestart() throws Exception {
    start(fig2(dir));
    ManagerProbe.breakSession(c.manager, 1);
    assertThat(alive(1)).isFalse();
    time.runUntil(c.hvs[1]::wasFenced, Duration.ofSeconds(3), "host 1 told to stop");
    assertThat(alive(1)).isFalse();
    c.crash(1);

    c.restart(1);
    time.runUntil(() -> status().getRecoveries() == 1 && alive(1), Duration.ofSeconds(10),
        "host 1 recovered");
    int line = status().getDurableLine();
    time.runUntil(() -> status().getDurableLine() >= line + 3, Duration.ofSeconds(30),
        "durable line moves on after recovery");
    awaitQuietAndWhole();
  }

  /**
   * The manager's disk is full (its state file cannot be written) when relocateAfter passes for
   * a crashed host: the relocation's plan cannot be saved, so no host is told of it and none is
   * moved, however often the manager tries again (a retried attempt replays a plan in memory;
   * it must not go ahead because it was chosen once). With room again, the VMs move and the
   * cluster is whole.
   */
  @Test
  void aRelocationWhosePlanCannotBeSavedWaitsForTheDisk() throws Exception {
    long relocateAfter = 2000;
    start(fig2(dir, relocateAfter));
    Path blocker = dir.resolve(org.vmqsc.runtime.manager.ManagerStateFile.FILE_NAME + ".tmp");
    java.nio.file.Files.createDirectory(blocker); // writing it fails as a full disk does
    c.crash(1);
    await(() -> !alive(1), 10_000, "host 1's broken session seen");
    long failedAt = time.now();
    while (time.now() - failedAt <= relocateAfter + 10_000) { // many retries of the attempt
      time.step();
    }
    ClusterStatusResponse s = status();
    assertThat(s.getManagerProblem()).contains("cannot save manager state");
    assertThat(s.getRecoveries()).isZero();
    assertThat(s.getVmHostList()).containsExactly(0, 0, 1, 1);

    java.nio.file.Files.delete(blocker);
    time.runUntil(() -> status().getRecoveries() == 1, Duration.ofSeconds(30),
        "relocated once the plan is saved");
    assertThat(status().getVmHostList()).containsExactly(0, 0, 0, 0);
    assertThat(status().getManagerProblem()).isEmpty();
    awaitQuietAndWhole();
  }

  /** relocateAfter: never. A crashed host's VMs wait for it, however long it stays away. */
  @Test
  void neverRelocatesWhenToldNever() throws Exception {
    start(fig2(dir, -1));
    c.crash(1);
    await(() -> !alive(1), 10_000, "host 1's broken session seen");
    time.advance(Duration.ofMinutes(2));
    ClusterStatusResponse s = status();
    assertThat(s.getRecoveries()).isZero();
    assertThat(s.getVmHostList()).containsExactly(0, 0, 1, 1);

    c.restart(1);
    time.runUntil(() -> status().getRecoveries() == 1 && alive(1), Duration.ofSeconds(10),
        "host 1 recovered in place");
    assertThat(status().getVmHostList()).containsExactly(0, 0, 1, 1);
  }

  /**
   * A frame of host 1's old process that reaches the manager after the restarted process joined
   * (it names the old join) is fenced and never becomes the host's session. It used to be taken as the session, the next announcement failed on it
   * ("Stream was terminated by error"), the new process was declared failed and fenced too.
   */
  @Test
  void aLateFrameOfTheReplacedProcessIsNotTakenAsTheRestartedHostsSession() throws Exception {
    start(fig2(dir));
    var old = ManagerProbe.session(c.manager, 1);
    c.crash(1);
    c.restart(1);
    time.runUntil(() -> status().getRecoveries() == 1 && alive(1), Duration.ofSeconds(10),
        "host 1 recovered");
    ManagerProbe.frameOn(c.manager, 1, old.stream(), old.join());
    assertThat(ManagerProbe.session(c.manager, 1).stream()).isNotSameAs(old.stream());

    long end = time.now() + 3 * timeout;
    while (time.now() < end) {
      time.step();
      assertThat(c.hvs[1].wasFenced()).as("restarted host 1 fenced at %d", time.now()).isFalse();
      assertThat(alive(1)).as("host 1 alive at %d", time.now()).isTrue();
    }
    assertThat(status().getRecoveries()).isEqualTo(1);
  }

  /**
   * restart host waits for one more join than it saw: the count survives a manager restart. It
   * started again from 0, and restart host after a manager restart said "not recovered within
   * 30 s" of a host that had recovered.
   */
  @Test
  void joinCountsSurviveAManagerRestart() throws Exception {
    start(fig2(dir));
    c.crash(1);
    await(() -> !alive(1), 10_000, "host 1's broken session seen");
    c.restart(1);
    time.runUntil(() -> status().getRecoveries() == 1 && alive(1), Duration.ofSeconds(10),
        "host 1 recovered");
    int joins = status().getHosts(1).getJoins();
    assertThat(joins).isEqualTo(2);

    c.restartManager();
    assertThat(status().getHosts(1).getJoins()).isEqualTo(joins);
    assertThat(status().getHosts(0).getJoins()).isEqualTo(1);
  }

  /**
   * Every checkpoint of a VM of the crashed host is gone: its recovery cannot succeed. It says
   * why once (no stack trace), shows it in status, and waits for the operator instead of
   * retrying ten times a second (418 retries in 40 s, each with a stack trace, before).
   */
  @Test
  void aRecoveryThatCannotSucceedSaysWhyOnceAndWaits() throws Exception {
    start(fig2(dir));
    c.crash(1);
    await(() -> !alive(1), 10_000, "host 1's broken session seen");
    deleteTree(c.spec.storageDir().resolve("vm-2"));
    LogCapture said = LogCapture.warnings("org.vmqsc.runtime.manager", "recovery of hosts");
    try {
      c.restart(1);
      time.runUntil(() -> !status().getRecoveryProblem().isEmpty(), Duration.ofSeconds(10),
          "the recovery's problem shown");
      time.advance(Duration.ofSeconds(20));
    } finally {
      said.close();
    }
    ClusterStatusResponse s = status();
    assertThat(s.getRecoveryProblem()).contains("no durable checkpoint of vm 2")
        .contains("waiting for the operator");
    assertThat(s.getRecoveries()).isZero();
    assertThat(said.events).as("said once").hasSize(1);
    assertThat(said.events.get(0).getThrowableProxy()).as("no stack trace").isNull();
  }

  /**
   * A host that a recovery's calls reached holds its traffic until the manager ends the recovery,
   * however long that takes: a failed attempt's plan is replayed as it is, and a host that ran on
   * meanwhile would make dependencies that plan cannot know. It used to let go after 30 s.
   */
  @Test
  void aHostHoldsUntilTheRecoveryEndsHoweverLong() throws Exception {
    start(fig2(dir));
    HypervisorProbe.holdArrivals(c.hvs[0]);
    time.advance(Duration.ofSeconds(2)); // what was on its way lands, and is held
    long received = received(0);
    time.advance(Duration.ofSeconds(40));
    assertThat(received(0)).as("host 0's VMs received nothing while it held").isEqualTo(received);
    assertThat(alive(0)).as("a holding host still talks to the manager").isTrue();

    HypervisorProbe.endRecovery(c.hvs[0]);
    time.runUntil(() -> received(0) > received, Duration.ofSeconds(10),
        "held messages delivered once the recovery ends");
    awaitQuietAndWhole();
  }

  /**
   * The durable line once it stops moving: unchanged over three fake seconds, each given a
   * little real time, since the writers that finish what was under way are real threads (on a
   * loaded machine they lag the fake clock by seconds). Bounded at 60 fake seconds.
   */
  private int lineAtRest() throws Exception {
    int line = status().getDurableLine();
    for (int still = 0, steps = 0; still < 3 && steps < 60; steps++) {
      time.advance(Duration.ofSeconds(1));
      Thread.sleep(200);
      int now = status().getDurableLine();
      still = now == line ? still + 1 : 0;
      line = now;
    }
    return line;
  }

  /** Messages host {@code h}'s VMs have received, by their ledgers. */
  private long received(int h) {
    long n = 0;
    for (var vm : c.client.ledgers(h).getVmsList()) {
      n += LedgerWire.receivedTotal(vm);
    }
    return n;
  }

  /**
   * Host 1's disk refuses writes: its durable line stops (nothing is acknowledged as durable that
   * is not), status and the log say so (the log once, not per attempt); when writes succeed
   * again the line moves on and nothing was lost.
   */
  @Test
  void storageThatRefusesWritesHoldsTheDurableLineAndSaysSoOnce() throws Exception {
    start(fig2(dir));
    LogCapture said = LogCapture.warnings("org.vmqsc.runtime.hypervisor", "storage");
    try {
      HypervisorProbe.failWrites(c.hvs[1], "No space left on device");
      time.runUntil(() -> c.client.status(1).getStorageProblem().contains("No space left"),
          Duration.ofSeconds(30), "status says host 1's writes fail");
      int stuck = lineAtRest(); // writes under way when the fault came land first

      time.advance(Duration.ofSeconds(6));
      assertThat(status().getDurableLine()).as("durable line while writes fail").isEqualTo(stuck);
      assertThat(c.client.status(0).getStorageProblem()).isEmpty();
      assertThat(said.events.stream().filter(r -> String.valueOf(r.getArgumentArray()[1])
          .contains("failed")).count()).as("the failure said once").isEqualTo(1);

      HypervisorProbe.failWrites(c.hvs[1], null);
      time.runUntil(() -> status().getDurableLine() >= stuck + 2, Duration.ofSeconds(300),
          "durable line moves on once writes succeed");
      assertThat(c.client.status(1).getStorageProblem()).isEmpty();
      assertThat(said.events.stream().filter(r -> String.valueOf(r.getArgumentArray()[1])
          .contains("succeed again")).count()).isEqualTo(1);
    } finally {
      said.close();
    }
    awaitQuietAndWhole();
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    try (var files = java.nio.file.Files.walk(p)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(f);
      }
    }
  }

  /** Traffic off, then P2 and P6 on the quiet cluster, with time moved by hand. */
  private void awaitQuietAndWhole() throws Exception {
    c.client.setTraffic(false);
    time.runUntil(() -> ClusterClient.checkQuiet(c.client.allLedgers(), c.spec).isEmpty(),
        Duration.ofSeconds(60), "quiet cluster conserves money and delivers every message once");
  }
}
