package org.vmqsc.sim.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Rules;
import org.vmqsc.sim.Checker;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.Violation;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * The coordinated baseline under the simulator and the oracle: correct on faulty runs, and a
 * variant that skips the channel-state log is caught.
 */
class CoordinatedProtocolTest {
  private static final SimOptions COORDINATED = SimOptions.defaults().withProtocol("coordinated");

  private static Scenario resource(String file) {
    try {
      return ScenarioLoader.load(Path.of(
          CoordinatedProtocolTest.class.getResource("/" + file).toURI()).toString());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void paperFig2SurvivesThreeHundredFaultyRuns() {
    Checker.Report r = Checker.check(ScenarioLoader.load("paper-fig2"), 300, 1, COORDINATED,
        null);
    assertThat(r.violations()).as("violations; seeds " + r.failingSeeds() + ": " + r.sample())
        .isZero();
    assertThat(r.vmFailures()).isGreaterThan(300);
    assertThat(r.hostFailures()).isGreaterThan(300);
    assertThat(r.hostFailuresWithPendingWrites()).isGreaterThan(50);
  }

  @Test
  void sparseStressAndMixDelaySurvive() {
    Checker.Report sparse = Checker.check(resource("sparse-stress.yaml"), 100, 1, COORDINATED,
        null);
    assertThat(sparse.violations()).as("sparse-stress: seeds " + sparse.failingSeeds() + ": "
        + sparse.sample()).isZero();
    Checker.Report mix = Checker.check(ScenarioLoader.load("mix-delay"), 4, 1, COORDINATED, null);
    assertThat(mix.violations()).as("mix-delay: seeds " + mix.failingSeeds() + ": "
        + mix.sample()).isZero();
  }

  @Test
  void oneRunMeasuresWhatCoordinationCosts() {
    // instant control: with the network's delay a round that a failure's recovery overlaps can
    // leave some VMs' checkpoints only (paper-fig2: 254 with its VM failure alone, 256 with none)
    SimResult r = Simulator.run(ScenarioLoader.load("paper-fig2"),
        COORDINATED.withControlDelay(SimOptions.ControlDelay.INSTANT));
    assertThat(r.violations()).isEmpty();
    assertThat(r.run().protocol()).isEqualTo("coordinated");
    assertThat(r.checkpoints().forced()).isZero();
    // every VM in every round: about one round per T0 over the 600 s run and its drain
    assertThat(r.checkpoints().basic() % 4).as("every VM every round").isZero();
    assertThat(r.checkpoints().basic() / 4).isBetween(55L, 70L);
    assertThat(r.costs().blockedVmSeconds()).isPositive();
    assertThat(r.logging().stableOther()).as("channel state of the lines").isPositive();
    assertThat(r.failures().rollbacks()).as("the VM failure and the host failure").isEqualTo(2);
    assertThat(r.failures().vmsRolledBack()).as("each rolls back all four VMs").isEqualTo(8);
  }

  @Test
  void withoutTheChannelStateLogTheOracleReportsViolations() {
    Scenario s = ScenarioLoader.load("paper-fig2");
    SimOptions broken = COORDINATED.withRules(Rules.ALL.withoutBackwardLog());
    Checker.Report r = Checker.check(s, 60, 1, broken, null);
    assertThat(r.violations()).isPositive();
    Violation v = r.sample().get(0);
    assertThat(v.property()).isIn("P1", "P2", "P5", "P6", "INVARIANT");
    // the printed seed replays the very same failure
    assertThat(Simulator.run(Checker.randomized(s, v.seed()), broken).violations()).contains(v);
  }
}
