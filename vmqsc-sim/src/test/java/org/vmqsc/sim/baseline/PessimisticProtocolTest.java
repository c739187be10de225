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
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.Violation;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * The pessimistic-logging baseline under the simulator and the oracle: correct on faulty runs,
 * and each variant that skips an essential step is caught.
 */
class PessimisticProtocolTest {
  private static final SimOptions PESSIMISTIC = SimOptions.defaults().withProtocol("pessimistic");

  private static Scenario resource(String file) {
    try {
      return ScenarioLoader.load(Path.of(
          PessimisticProtocolTest.class.getResource("/" + file).toURI()).toString());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void paperFig2SurvivesThreeHundredFaultyRuns() {
    Checker.Report r = Checker.check(ScenarioLoader.load("paper-fig2"), 300, 1, PESSIMISTIC,
        null);
    assertThat(r.violations()).as("violations; seeds " + r.failingSeeds() + ": " + r.sample())
        .isZero();
    assertThat(r.vmFailures()).isGreaterThan(300);
    assertThat(r.hostFailures()).isGreaterThan(300);
    assertThat(r.hostFailuresWithPendingWrites()).isGreaterThan(50);
  }

  /**
   * Failure storms, partial traffic, long delays and drift. At the scenario's own 20 MB/s the
   * hosts' writers are saturated by checkpoints (16 MiB every 2 s), receipts queue behind them for
   * seconds and some are still waiting for their log write when the run ends: a liveness limit of
   * pessimistic logging on a shared writer, not a loss. With twice the bandwidth everything lands.
   */
  @Test
  void sparseStressSurvivesFailureStormsGivenTheBandwidthToKeepUp() {
    Scenario s = resource("sparse-stress.yaml");
    Scenario faster = new Scenario(s.name(), s.basePeriodMillis(), s.durationMillis(), s.seed(),
        s.hosts(), s.groups(), s.traffic(), s.network(), s.clock(),
        new Scenario.Storage(2 * s.storage().bandwidthBytesPerSecond(),
            s.storage().lazyDelayMillis()), s.recovery(), s.workload(), s.failures());
    Checker.Report r = Checker.check(faster, 100, 1, PESSIMISTIC, null);
    assertThat(r.violations()).as("violations; seeds " + r.failingSeeds() + ": " + r.sample())
        .isZero();
    assertThat(r.hostFailures()).isGreaterThan(300);
  }

  @Test
  void everyDeliveredMessageIsStablyLoggedAndNoCheckpointIsForced() {
    SimResult r = Simulator.run(ScenarioLoader.load("paper-fig2"), PESSIMISTIC);
    assertThat(r.violations()).isEmpty();
    assertThat(r.logging().stableOther()).isEqualTo(r.logging().delivered());
    assertThat(r.checkpoints().forced()).isZero();
    assertThat(r.costs().blockedVmSeconds()).as("deliveries wait for log writes").isPositive();
  }

  static Stream<Arguments> brokenVariants() {
    return Stream.of(
        Arguments.of("delivered before the log write is durable",
            Rules.ALL.withoutSelectiveLog()),
        Arguments.of("no volatile sender copies", Rules.ALL.withoutSenderCopies()),
        Arguments.of("no duplicate suppression", Rules.ALL.withoutDuplicateSuppression()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenVariants")
  void theOracleCatchesABrokenVariant(String what, Rules rules) {
    Scenario s = ScenarioLoader.load("paper-fig2");
    SimOptions broken = PESSIMISTIC.withRules(rules);
    Checker.Report r = Checker.check(s, 40, 1, broken, null);
    assertThat(r.violations()).as(what).isPositive();
    Violation v = r.sample().get(0);
    assertThat(v.property()).isIn("P1", "P2", "P3", "P6");
    SimResult again = Simulator.run(Checker.randomized(s, v.seed()), broken);
    assertThat(again.violations()).as("the seed replays it").contains(v);
  }
}
