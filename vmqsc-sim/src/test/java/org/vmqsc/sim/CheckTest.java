package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Many seeded runs with random VM and host failures: no violation, and the faults were real. */
class CheckTest {
  @Test
  void paperFig2SurvivesFiveHundredFaultyRuns() {
    Checker.Report r = Checker.check(Scenarios.bundled("paper-fig2"), 500, 1,
        SimOptions.defaults(), null);
    assertThat(r.violations()).as("violations; seeds " + r.failingSeeds() + ": " + r.sample())
        .isZero();
    assertThat(r.vmFailures()).isGreaterThan(500);
    assertThat(r.hostFailures()).isGreaterThan(500);
    assertThat(r.hostFailuresWithPendingWrites()).as("host failures during lazy writes")
        .isGreaterThan(100);
  }

  @Test
  void sparseTrafficWithLongDelaysAndFailureStormsSurvives() {
    Checker.Report r = Checker.check(Scenarios.resource("sparse-stress.yaml"), 150, 1,
        SimOptions.defaults(), null);
    assertThat(r.violations()).as("violations; seeds " + r.failingSeeds() + ": " + r.sample())
        .isZero();
    assertThat(r.hostFailures()).isGreaterThan(300);
  }
}
