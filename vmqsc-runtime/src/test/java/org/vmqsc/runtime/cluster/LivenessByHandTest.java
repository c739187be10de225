package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.runtime.cluster.Fig2Cluster.await;
import static org.vmqsc.runtime.cluster.Fig2Cluster.fig2;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

  /** Traffic off, then P2 and P6 on the quiet cluster, with time moved by hand. */
  private void awaitQuietAndWhole() throws Exception {
    c.client.setTraffic(false);
    time.runUntil(() -> ClusterClient.checkQuiet(c.client.allLedgers(), c.spec).isEmpty(),
        Duration.ofSeconds(60), "quiet cluster conserves money and delivers every message once");
  }
}
