package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.sim.SimOptions.ControlDelay;
import org.vmqsc.sim.scenario.Scenario;

/**
 * With {@code --control-delay network} the manager hears the hosts, and they hear it, only after
 * the network's delay, and a host recovery takes its phases' round trips and storage reads.
 */
class ControlDelayTest {
  private static final Scenario FIG2 = Scenarios.bundled("paper-fig2");
  private static final SimOptions INSTANT =
      SimOptions.defaults().withControlDelay(ControlDelay.INSTANT);
  private static final SimOptions NETWORK =
      SimOptions.defaults().withControlDelay(ControlDelay.NETWORK);

  private static Scenario.Network fixed(double millis) {
    return new Scenario.Network(Scenario.Network.DelayKind.FIXED, millis, 0, 1024);
  }

  private static Scenario noFailures(Scenario s) {
    return s.withFailures(Scenario.Failures.none());
  }

  @Test
  void controlMessagesTakeTheNetworksDelayUnlessInstantIsAskedFor() {
    assertThat(SimOptions.defaults().controlDelay()).isEqualTo(ControlDelay.NETWORK);
    assertThat(Simulator.run(FIG2, SimOptions.defaults()).run().traceDigest())
        .isEqualTo(Simulator.run(FIG2, NETWORK).run().traceDigest())
        .isNotEqualTo(Simulator.run(FIG2, INSTANT).run().traceDigest());
  }

  @Test
  void reportsThatArriveAfterTheManagersTickDelayTheDurableLine() {
    // Hosts report at x·T0 and the manager ticks at (x+½)·T0: a delay of 0.7·T0 makes every
    // report miss the tick it was meant for, so the line the manager announces is a period older.
    Scenario slow = noFailures(FIG2).withNetwork(fixed(0.7 * FIG2.basePeriodMillis()));
    SimResult instant = Simulator.run(slow, INSTANT);
    SimResult network = Simulator.run(slow, NETWORK);

    assertThat(network.violations()).isEmpty();
    assertThat(network.costs().meanDurableLag())
        .isGreaterThanOrEqualTo(instant.costs().meanDurableLag() + 0.9);
  }

  @Test
  void theSameSeedGivesTheSameRunAndTheControlDelayChangesIt() {
    Scenario s = Checker.randomized(FIG2, 42);
    SimResult a = Simulator.run(s, NETWORK);
    SimResult b = Simulator.run(s, NETWORK);

    assertThat(a.failures().hostFailures()).isPositive();
    assertThat(b).isEqualTo(a);
    assertThat(a.run().traceDigest()).isNotEqualTo(Simulator.run(s, INSTANT).run().traceDigest());
  }

  @Test
  void onANetworkWithoutDelayControlMessagesGoAtOnce() {
    // without host failures: a host recovery still costs its storage reads under network
    Scenario s = noFailures(FIG2).withNetwork(fixed(0));
    assertThat(Simulator.run(s, NETWORK).run().traceDigest())
        .isEqualTo(Simulator.run(s, INSTANT).run().traceDigest());
  }

  @Test
  void instantControlCostsAHostRecoveryItsDetectionAndRestartAlone() {
    SimResult.HostRecoveryRecord r = Simulator.run(FIG2, INSTANT).failures().recoveries().get(0);
    Scenario.Recovery delays = FIG2.recovery();
    assertThat(r.recoveryMillis())
        .isEqualTo(delays.hostDetectMillis() + delays.hostRestartMillis());
  }

  @Test
  void aHostRecoveryTakesLongerOnASlowerNetwork() {
    long fast = phasesMillis(FIG2.withNetwork(fixed(1)));
    long slow = phasesMillis(FIG2.withNetwork(fixed(300)));
    // VM_QSC's recovery has at least four phases (R9), each a round trip of two delays
    assertThat(slow - fast).isGreaterThanOrEqualTo(4 * 2 * (300 - 1));
  }

  @Test
  void aHostRecoveryTakesLongerOnSlowerStorage() {
    Scenario.Storage st = FIG2.storage();
    long fast = phasesMillis(FIG2.withNetwork(fixed(1)));
    long slow = phasesMillis(FIG2.withNetwork(fixed(1)).withStorage(new Scenario.Storage(
        st.bandwidthBytesPerSecond() / 2, st.lazyDelayMillis(), st.damage())));
    // host 1's two VMs come back from their 64 MiB checkpoints: twice the time to read them
    long readAtFullSpeed = (long) (2 * 64 * 1024 * 1024 * 1000.0 / st.bandwidthBytesPerSecond());
    assertThat(slow - fast).isGreaterThanOrEqualTo(readAtFullSpeed);
  }

  /** The host recovery's time beyond detection and restart, under network control. */
  private static long phasesMillis(Scenario s) {
    SimResult r = Simulator.run(s, NETWORK);
    assertThat(r.violations()).isEmpty();
    SimResult.HostRecoveryRecord rec = r.failures().recoveries().get(0);
    return rec.recoveryMillis() - s.recovery().hostDetectMillis()
        - s.recovery().hostRestartMillis();
  }
}
