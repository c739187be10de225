package org.vmqsc.runtime.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.vmqsc.runtime.hypervisor.HypervisorNode;
import org.vmqsc.runtime.hypervisor.HypervisorProbe;
import org.vmqsc.runtime.manager.ManagerProbe;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.time.ManualClock;

/**
 * Time moved by hand for a {@link Fig2Cluster}: one {@link ManualClock} for the manager's process
 * and one for each host's, moved together in steps of one heartbeat interval. A paused host's
 * clock stands still (no ticks, no heartbeats, as under SIGSTOP) until it is resumed.
 *
 * <p>The network stays real, so a step ends only when the manager has heard, at the step's time,
 * from every running host that has a session: what the manager decides in the next step it
 * decides on what the hosts really said, not on how fast localhost happened to carry it. That
 * wait is the only real-time wait here, and it decides nothing.
 */
final class HandTime {
  static final long START_MILLIS = 1_700_000_000_000L;
  static final Duration STEP = Duration.ofMillis(ClusterSpec.HEARTBEAT_INTERVAL_MILLIS);
  private static final long DELIVERY_LIMIT_MILLIS = 15_000;

  final ManualClock manager = new ManualClock(START_MILLIS);
  final ManualClock[] hosts = {new ManualClock(START_MILLIS), new ManualClock(START_MILLIS)};
  private final boolean[] paused = new boolean[hosts.length];
  private Fig2Cluster c;

  Fig2Cluster start(ClusterSpec spec) throws Exception {
    c = Fig2Cluster.start(spec, manager, hosts);
    return c;
  }

  /** The manager's time. */
  long now() {
    return manager.millis();
  }

  /** Host {@code h}'s process stops (SIGSTOP): its clock stands still, its timers wait. */
  void pause(int h) {
    paused[h] = true;
  }

  /**
   * Host {@code h}'s process goes on (SIGCONT): it finds the time has moved on, and every timer it
   * missed runs at once, late.
   */
  void resume(int h) {
    hosts[h].jump(Duration.ofMillis(now() - hosts[h].millis()));
    hosts[h].advance(Duration.ZERO);
    paused[h] = false;
  }

  /** Moves every running process's time on by about {@code d}, in whole steps. */
  void advance(Duration d) throws Exception {
    for (long n = Math.max(1, d.toMillis() / STEP.toMillis()); n > 0; n--) {
      step();
    }
  }

  /** One step: the manager's timers, then each running host's, then the delivery wait. */
  void step() throws Exception {
    manager.advance(STEP);
    for (int h = 0; h < hosts.length; h++) {
      if (!paused[h]) {
        hosts[h].advance(STEP);
      }
    }
    for (int h = 0; h < hosts.length; h++) {
      awaitHeard(h);
    }
  }

  /**
   * Steps until {@code cond} holds; fails after {@code limit} of hand-moved time. Each step that
   * finds it false also lets a little real time pass: what the condition waits for may be real
   * work on other threads (a disk write, a recovery's calls) that hand-moved time would
   * otherwise outrun on a loaded machine. The wait decides nothing; the clock is still the hand's.
   */
  void runUntil(BooleanSupplier cond, Duration limit, String what) throws Exception {
    long end = now() + limit.toMillis();
    while (!holds(cond)) {
      if (now() >= end) {
        throw new AssertionError("not within " + limit.toMillis() + " ms (hand-moved): " + what);
      }
      step();
      Thread.sleep(REAL_PAUSE_MILLIS);
    }
  }

  /** Real time let pass per unsuccessful step of {@link #runUntil}. */
  private static final long REAL_PAUSE_MILLIS = 5;

  private static boolean holds(BooleanSupplier cond) {
    try {
      return cond.getAsBoolean();
    } catch (RuntimeException e) {
      return false; // a node is starting or stopping
    }
  }

  private void awaitHeard(int h) throws Exception {
    long deadline = System.currentTimeMillis() + DELIVERY_LIMIT_MILLIS;
    while (talking(h) && ManagerProbe.lastHeard(c.manager, h) < now()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("host " + h + "'s session not heard within "
            + DELIVERY_LIMIT_MILLIS + " ms of real time");
      }
      Thread.sleep(1); // waits for localhost to carry a frame; decides nothing
    }
  }

  /** A host whose session is up and which the manager still listens to. */
  private boolean talking(int h) {
    HypervisorNode n = c.hvs[h];
    if (paused[h] || n == null || n.wasFenced()) {
      return false;
    }
    try {
      ClusterStatusResponse s = c.client.clusterStatus();
      boolean listened = s.getHosts(h).getAlive() || s.getHosts(h).getAwaitingRecovery();
      return listened && HypervisorProbe.sessionUp(n);
    } catch (RuntimeException | InterruptedException e) {
      return false; // it is stopping
    }
  }
}
