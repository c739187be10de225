package org.vmqsc.sim.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vmqsc.sim.Protocols;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioException;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * Protocol none, the floor of every overhead: it relays and does nothing else, so on a run
 * without failures the oracle passes and every cost is zero; with failures it is refused.
 */
class NoneProtocolTest {
  private static final SimOptions NONE = SimOptions.defaults().withProtocol("none");

  /** paper-fig2's bank traffic, delays and drifting clocks, without its two failures. */
  private static Scenario fig2WithoutFailures() {
    return ScenarioLoader.load("paper-fig2").withFailures(Scenario.Failures.none());
  }

  @Test
  void withoutFailuresEveryMessageArrivesOnceMoneyIsKeptAndNothingIsPaid() {
    SimResult r = Simulator.run(fig2WithoutFailures(), NONE);

    assertThat(r.run().protocol()).isEqualTo("none");
    assertThat(r.violations()).as("P2 exactly once, P6 money conserved").isEmpty();
    assertThat(r.logging().delivered()).isGreaterThan(1000);
    assertThat(r.checkpoints().basic()).isZero();
    assertThat(r.checkpoints().forced()).isZero();
    assertThat(r.logging().stableTotal()).isZero();
    assertThat(r.costs().stableBytesWritten()).isZero();
    assertThat(r.costs().peakStableBytesHeld()).isZero();
    assertThat(r.costs().controlMessages()).isZero();
    assertThat(r.costs().blockedVmSeconds()).isZero();
  }

  /** The same scenario and seed give every protocol the same sends: none only drops the costs. */
  @Test
  void itCarriesExactlyTheTrafficVmqscCarries() {
    Scenario s = fig2WithoutFailures();
    SimResult none = Simulator.run(s, NONE);
    SimResult vmqsc = Simulator.run(s, SimOptions.defaults());

    assertThat(none.logging().delivered()).isEqualTo(vmqsc.logging().delivered());
    assertThat(vmqsc.checkpoints().basic()).isPositive();
  }

  @Test
  void aScenarioWithFailuresIsRefusedInOneLine() {
    Scenario fig2 = ScenarioLoader.load("paper-fig2");

    assertThat(Protocols.canRun("none", fig2)).isFalse();
    assertThat(Protocols.canRun("none", fig2WithoutFailures())).isTrue();
    assertThat(Protocols.runnableOn(java.util.List.of(fig2))).doesNotContain("none")
        .contains("vmqsc", "pessimistic", "coordinated", "bcs");
    assertThatThrownBy(() -> Simulator.run(fig2, NONE))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("paper-fig2: failures: protocol none cannot recover")
        .hasMessageNotContaining("\n");
  }
}
