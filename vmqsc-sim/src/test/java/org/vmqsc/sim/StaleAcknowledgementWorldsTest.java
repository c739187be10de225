package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vmqsc.sim.scenario.Scenario;

/**
 * Worlds built to catch a stale acknowledgement (docs/protocol.md D4): host 1 fails every one to
 * four periods, and messages and control messages take heavy-tailed (exponential) delays, so a
 * receiver's report with an ack is often still on its way when its host's recovery re-sends the
 * copy the ack names, and the re-sent copy is often still on its way when the host fails again.
 * Before acks carried the receiver's execution, the old ack settled the re-sent copy, the line
 * passed it, the sender dropped it, and the next failure of host 1 lost it: 13 of the first 1,500
 * of these worlds lost messages (P2, P6), among them the three below. With the fix, none of the
 * 1,500 does.
 */
class StaleAcknowledgementWorldsTest {
  /** Three hosts: two SI VMs pinned to host 0, two to host 1, one to host 2, in a ring of flows. */
  static Scenario world(long seed) {
    long t0 = 1000;
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Scenario.Group> groups = List.of(
        new Scenario.Group("a", 2, 1, 0, 1 << 20),
        new Scenario.Group("b", 2, 1, 1, 1 << 20),
        new Scenario.Group("c", 1, 1, 2, 1 << 20));
    List<Scenario.Flow> flows = List.of(new Scenario.Flow("a", "b", 0.5 + rnd.nextDouble() * 2),
        new Scenario.Flow("b", "c", 0.2), new Scenario.Flow("c", "a", 0.2));
    double meanDelayMillis = 100 + rnd.nextDouble() * 500;
    Scenario.Network net = new Scenario.Network(Scenario.Network.DelayKind.EXPONENTIAL,
        meanDelayMillis, 0, 1024);
    Scenario.Clock clock = new Scenario.Clock(1e-3, 20, List.of(), List.of());
    Scenario.Storage storage = new Scenario.Storage(400e6, rnd.nextInt(300));
    Scenario.Recovery recovery = new Scenario.Recovery(200, rnd.nextInt(100), rnd.nextInt(200));
    List<Scenario.Failure> failures = new ArrayList<>();
    for (long at = 3 * t0; at < 55 * t0; at += t0 + rnd.nextInt((int) (3 * t0))) {
      failures.add(new Scenario.Failure(true, 1, at + rnd.nextInt((int) t0)));
    }
    return new Scenario("stale-ack-" + seed, t0, 60 * t0, seed, 3, groups, flows, net, clock,
        storage, recovery, new Scenario.Workload(Scenario.Workload.Kind.BANK, 500),
        new Scenario.Failures(failures, 0, 0));
  }

  @Test
  void worldsThatLostAMessageToAStaleAcknowledgement() {
    for (long seed : new long[] {202, 374, 474}) {
      SimResult r = Simulator.run(world(seed), SimOptions.defaults());
      assertThat(r.violations()).as("stale-ack world " + seed).isEmpty();
    }
  }
}
