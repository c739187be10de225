package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.sim.scenario.Scenario;

/** Failures as stories: start, crash, recover, expect. */
class FailureStoriesTest {
  private final Scenario fig2 = Scenarios.bundled("paper-fig2");

  private Scenario withFailures(Scenario s, Scenario.Failure... failures) {
    return s.withFailures(new Scenario.Failures(List.of(failures), 0, 0));
  }

  @Test
  void aVmFailureIsRepairedByItsHypervisorAloneAndRollsNothingElseBack() {
    SimResult r = Simulator.run(withFailures(fig2, new Scenario.Failure(false, 3, 123_400)),
        SimOptions.defaults());
    assertThat(r.failures().vmFailures()).isEqualTo(1);
    assertThat(r.failures().vmsRolledBack()).as("only the failed VM itself").isEqualTo(1);
    assertThat(r.failures().workLostVmSeconds()).as("re-executed since its last checkpoint")
        .isGreaterThan(0).isLessThanOrEqualTo(30);
    assertThat(r.failures().recoveries()).isEmpty();
    assertThat(r.violations()).isEmpty(); // includes P3: the replayed state is the failed one
  }

  @Test
  void aHostFailureDuringLazyWritesReturnsToTheOlderDurableLine() {
    // ticks at 10 s multiples; lazy writes of 64 MiB checkpoints take 2 s + 0.7 s each
    SimResult r = Simulator.run(withFailures(fig2, new Scenario.Failure(true, 1, 250_500)),
        SimOptions.defaults());
    assertThat(r.failures().hostFailuresWithPendingWrites()).isEqualTo(1);
    SimResult.HostRecoveryRecord rec = r.failures().recoveries().get(0);
    assertThat(rec.durableLine()).isLessThan(rec.takenLine());
    assertThat(rec.takenLine() - rec.durableLine()).isLessThanOrEqualTo(2);
    assertThat(r.violations()).isEmpty();
  }

  @Test
  void bothHostsFailingAtOnceRecoverFromStableStorageAlone() {
    SimResult r = Simulator.run(withFailures(fig2, new Scenario.Failure(true, 0, 200_300),
        new Scenario.Failure(true, 1, 200_900)), SimOptions.defaults());
    assertThat(r.failures().recoveries()).hasSize(1);
    assertThat(r.failures().recoveries().get(0).hosts()).containsExactly(0, 1);
    assertThat(r.failures().recoveries().get(0).rolledBack()).isEqualTo(4);
    assertThat(r.violations()).isEmpty();
  }
}
