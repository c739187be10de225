package org.vmqsc.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/** The drain waits out the network: a heavy-tailed delay is no "lost" message (P2). */
class DrainTest {
  private static final Scenario FIG2 = ScenarioLoader.load("paper-fig2");

  /**
   * Exponential delays with a mean of two periods, no failures: nothing is lost, so the oracle
   * must find nothing. With a drain that ignored the delay, messages still in flight at the end
   * were reported as lost.
   */
  @Test
  void heavyTailedDelaysLoseNothingWithoutFailures() {
    long t0 = FIG2.basePeriodMillis();
    Scenario slow = FIG2.withFailures(Scenario.Failures.none()).withNetwork(
        new Scenario.Network(Scenario.Network.DelayKind.EXPONENTIAL, 2 * t0, 0, 1024));

    SimResult r = Simulator.run(slow, SimOptions.defaults());

    assertThat(r.violations()).isEmpty();
    assertThat(r.logging().delivered()).isPositive();
  }

  @Test
  void theDrainCoversTheDelayModelsTail() {
    long t0 = FIG2.basePeriodMillis();
    long quiet = Drain.millis(FIG2.withNetwork(
        new Scenario.Network(Scenario.Network.DelayKind.FIXED, 0, 0, 1024)), topology());
    long exponential = Drain.millis(FIG2.withNetwork(
        new Scenario.Network(Scenario.Network.DelayKind.EXPONENTIAL, t0, 0, 1024)), topology());
    long uniform = Drain.millis(FIG2.withNetwork(
        new Scenario.Network(Scenario.Network.DelayKind.UNIFORM, 0, 5 * t0, 1024)), topology());

    // P(an exponential delay > 20.7 means) = 1e-9; three flights in a row are waited out
    assertThat(exponential - quiet).isGreaterThanOrEqualTo(3 * 20 * t0);
    assertThat(uniform - quiet).isEqualTo(3 * 5 * t0);
  }

  private static org.vmqsc.core.config.Topology topology() {
    return org.vmqsc.sim.scenario.Deployment.topology(FIG2);
  }
}
