package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** SPEC §6: the paper's η = 1/6 reproduced by simulation, and its general formula. */
class PaperResultTest {
  @Test
  void paperExampleStablyLogsOneSixthOfItsMessages() {
    SimResult r = Simulator.run(Scenarios.bundled("paper-example"), SimOptions.defaults());
    assertThat(r.etaAnalytic()).isCloseTo(1.0 / 6, within(1e-12));
    assertThat(r.eta()).isCloseTo(1.0 / 6, within(0.02 / 6));
    assertThat(r.etaR8()).as("no delay, no drift: nothing crosses a boundary").isZero();
    assertThat(r.forcedCheckpoints()).isZero();
    assertThat(r.violations()).isEmpty();
    assertThat(r.deliveredMessages()).isGreaterThan(200_000);
  }

  @Test
  void mixedMiGroupsMatchTheGeneralFormulaAtZeroDelay() {
    SimResult r = Simulator.run(Scenarios.bundled("mix"), SimOptions.defaults());
    assertThat(r.eta()).isCloseTo(r.etaAnalytic(), within(0.03 * r.etaAnalytic()));
    assertThat(r.violations()).isEmpty();
  }

  @Test
  void withDelayTheBackwardMessagesOfR8RaiseEtaAboveTheFormula() {
    SimResult r = Simulator.run(Scenarios.bundled("mix-delay"), SimOptions.defaults());
    assertThat(r.etaR8()).isPositive();
    assertThat(r.eta()).isGreaterThan(r.etaAnalytic());
    assertThat(r.etaR6()).isCloseTo(r.etaAnalytic(), within(0.03 * r.etaAnalytic()));
    assertThat(r.violations()).isEmpty();
  }
}
