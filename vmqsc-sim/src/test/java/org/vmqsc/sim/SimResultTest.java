package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The derived figures of a run come from the counts of their own group, and 0/0 reads as 0. */
class SimResultTest {

  @Test
  void etaSplitsTheStablyLoggedShareByTheRuleThatLoggedEachMessage() {
    SimResult.Logging l = new SimResult.Logging(1200, 150, 50, 40, 0.125);

    assertThat(l.stableTotal()).isEqualTo(240);
    assertThat(l.eta()).isEqualTo(0.2);
    assertThat(l.etaR6()).isEqualTo(0.125);
    assertThat(l.etaR8()).isEqualTo(50 / 1200.0);
    assertThat(l.etaOther()).isEqualTo(40 / 1200.0);
    assertThat(l.etaR6() + l.etaR8() + l.etaOther()).isCloseTo(l.eta(), Offset.offset(1e-15));
  }

  @Test
  void aRunThatDeliveredNothingLoggedNoShareOfIt() {
    SimResult.Logging l = new SimResult.Logging(0, 0, 0, 0, 0.125);
    assertThat(List.of(l.eta(), l.etaR6(), l.etaR8(), l.etaOther())).containsOnly(0.0);
  }

  @Test
  void perFailureFiguresDivideByTheRecoveriesThatRolledBack() {
    SimResult.HostRecoveryRecord host = new SimResult.HostRecoveryRecord(1000, List.of(0), 7, 5,
        4, 3000, -1, false);
    // 2 VM failures and 1 host recovery; 3 recoveries rolled 6 VMs back
    SimResult.Failures f = new SimResult.Failures(2, 1, 0, 3, 6, 4.5, 3600, List.of(host));

    assertThat(f.vmsRolledBackPerFailure()).isEqualTo(2.0);
    assertThat(f.workLostPerFailure()).isEqualTo(1.5);
    assertThat(f.meanRecoveryMillis()).as("VM failures plus host recoveries").isEqualTo(1200.0);
  }

  @Test
  void withoutFailuresThePerFailureFiguresAreZero() {
    SimResult.Failures f = new SimResult.Failures(0, 0, 0, 0, 0, 0, 0, List.of());
    assertThat(List.of(f.vmsRolledBackPerFailure(), f.workLostPerFailure(),
        f.meanRecoveryMillis())).containsOnly(0.0);
  }

  @Test
  void theDurableLineLagsByTheMeanOfItsSamples() {
    assertThat(new SimResult.Costs(0, 0, 0, 0, 9, 4).meanDurableLag()).isEqualTo(2.25);
    assertThat(new SimResult.Costs(0, 0, 0, 0, 0, 0).meanDurableLag()).isZero();
  }
}
