package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.sim.scenario.Scenario;

/** A seed decides a run completely: the same seed gives the same run, event for event. */
class DeterminismTest {
  @Test
  void sameSeedSameRunEventForEvent() {
    Scenario s = Checker.randomized(Scenarios.bundled("paper-fig2"), 42);
    SimResult a = Simulator.run(s, SimOptions.defaults());
    SimResult b = Simulator.run(s, SimOptions.defaults());
    assertThat(a.failures().hostFailures()).isPositive();
    assertThat(b).isEqualTo(a);
    assertThat(b.run().traceDigest()).isEqualTo(a.run().traceDigest());
  }

  @Test
  void theOracleDoesNotChangeTheRun() {
    Scenario s = Checker.randomized(Scenarios.resource("sparse-stress.yaml"), 7);
    SimResult on = Simulator.run(s, SimOptions.defaults());
    SimResult off = Simulator.run(s, SimOptions.defaults().withOracle(false));
    assertThat(off.run().traceDigest()).isEqualTo(on.run().traceDigest());
    assertThat(off.logging().delivered()).isEqualTo(on.logging().delivered());
  }

  @Test
  void anotherSeedGivesAnotherRun() {
    Scenario s = Scenarios.bundled("paper-fig2");
    assertThat(Simulator.run(s.withSeed(1), SimOptions.defaults()).run().traceDigest())
        .isNotEqualTo(Simulator.run(s.withSeed(2), SimOptions.defaults()).run().traceDigest());
  }
}
