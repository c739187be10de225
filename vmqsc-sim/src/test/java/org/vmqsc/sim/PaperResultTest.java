package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** SPEC §6: the paper's η = 1/6 reproduced by simulation, and its general formula. */
class PaperResultTest {
  @Test
  void paperExampleStablyLogsOneSixthOfItsMessages() {
    SimResult r = Simulator.run(Scenarios.bundled("paper-example"), SimOptions.defaults());
    assertThat(r.logging().etaAnalytic()).isCloseTo(1.0 / 6, within(1e-12));
    assertThat(r.logging().eta()).isCloseTo(1.0 / 6, within(0.02 / 6));
    assertThat(r.logging().etaR8()).as("no delay, no drift: nothing crosses a boundary").isZero();
    assertThat(r.checkpoints().forced()).isZero();
    assertThat(r.violations()).isEmpty();
    assertThat(r.logging().delivered()).isGreaterThan(200_000);
  }

  @Test
  void mixedMiGroupsMatchTheGeneralFormulaAtZeroDelay() {
    SimResult r = Simulator.run(Scenarios.bundled("mix"), SimOptions.defaults());
    SimResult.Logging l = r.logging();
    assertThat(l.eta()).isCloseTo(l.etaAnalytic(), within(0.03 * l.etaAnalytic()));
    assertThat(r.violations()).isEmpty();
  }

  @Test
  void withDelayTheBackwardMessagesOfR8RaiseEtaAboveTheFormula() {
    SimResult r = Simulator.run(Scenarios.bundled("mix-delay"), SimOptions.defaults());
    SimResult.Logging l = r.logging();
    assertThat(l.etaR8()).isPositive();
    assertThat(l.eta()).isGreaterThan(l.etaAnalytic());
    assertThat(l.etaR6()).isCloseTo(l.etaAnalytic(), within(0.03 * l.etaAnalytic()));
    assertThat(r.violations()).isEmpty();
  }
}
