package org.vmqsc.sim.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmqsc.core.config.Rules;
import org.vmqsc.sim.Checker;
import org.vmqsc.sim.SimListener;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.Violation;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * The BCS baseline under the simulator and the oracle: no violation on faulty runs, the oracle
 * catches it when one of its rules is switched off, and on the paper's example it forces the
 * checkpoints VM_QSC avoids.
 */
class BcsProtocolTest {
  private static final SimOptions BCS = SimOptions.defaults().withProtocol("bcs");

  @Test
  void paperFig2SurvivesThreeHundredFaultyRuns() {
    Checker.Report r = Checker.check(ScenarioLoader.load("paper-fig2"), 300, 1, BCS, null);
    assertThat(r.violations()).as("violations; seeds " + r.failingSeeds() + ": " + r.sample())
        .isZero();
    assertThat(r.vmFailures()).isGreaterThan(300);
    assertThat(r.hostFailures()).isGreaterThan(300);
  }

  @Test
  void sparseTrafficWithFailureStormsSurvives() {
    Checker.Report r = Checker.check(resource("sparse-stress.yaml"), 60, 1, BCS, null);
    assertThat(r.violations()).as("violations; seeds " + r.failingSeeds() + ": " + r.sample())
        .isZero();
  }

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        Arguments.of("no forced checkpoint", Rules.ALL.withoutForcedCheckpoint()),
        Arguments.of("no CHANNEL logging", Rules.ALL.withoutBackwardLog()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void theOracleCatchesABrokenBcs(String what, Rules rules) {
    Scenario s = ScenarioLoader.load("paper-fig2");
    SimOptions broken = BCS.withRules(rules);
    Checker.Report r = Checker.check(s, 30, 1, broken, null);
    assertThat(r.violations()).as(what).isPositive();
    Violation v = r.sample().get(0);
    assertThat(v.property()).isIn("P1", "P2", "P5", "P6");
    SimResult again = Simulator.run(Checker.randomized(s, v.seed()), broken);
    assertThat(again.violations()).as("the printed seed replays it").contains(v);
  }

  /**
   * SPEC §6 and the abstract's claim: on the paper's example (SI and MI2 1:1, no delay, no drift)
   * every SI message reaching an MI2 VM in a period where it is not due drags it onto the SI
   * rhythm, so each MI2 VM takes one forced checkpoint per odd period; VM_QSC takes none.
   */
  @Test
  void onThePapersExampleMi2VmsAreForcedOntoTheSiRhythm() {
    Scenario s = ScenarioLoader.load("paper-example").withDuration(400_000);
    int si = s.groups().get(0).count();
    long[] bcsForced = forcedPerVm(s, "bcs");
    long[] vmqscForced = forcedPerVm(s, "vmqsc");
    long periods = s.durationMillis() / s.basePeriodMillis();
    for (int v = 0; v < bcsForced.length; v++) {
      assertThat(vmqscForced[v]).isZero();
      if (v < si) {
        assertThat(bcsForced[v]).as("SI vm " + v).isZero();
      } else {
        assertThat(bcsForced[v]).as("MI2 vm " + v).isEqualTo(periods / 2);
      }
    }
  }

  private static long[] forcedPerVm(Scenario s, String protocol) {
    long[] forced = new long[s.vmCount()];
    SimListener count = new SimListener() {
      @Override
      public void checkpoint(int vm, int first, int due, boolean isForced, long bytes) {
        if (isForced) {
          forced[vm]++;
        }
      }
    };
    SimResult r = Simulator.run(s, SimOptions.defaults().withProtocol(protocol)
        .withListener(count));
    assertThat(r.violations()).isEmpty();
    return forced;
  }

  private static Scenario resource(String file) {
    try {
      return ScenarioLoader.load(
          Path.of(BcsProtocolTest.class.getResource("/" + file).toURI()).toString());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
