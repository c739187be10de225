package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmqsc.core.config.Rules;

/**
 * The oracle can fail: switch off one rule at a time and it reports violations, naming the
 * property that broke and the seed that replays it. (The same batches pass with every rule on:
 * {@link CheckTest}.)
 */
class OracleCatchesBrokenProtocolTest {
  static Stream<Arguments> brokenRules() {
    return Stream.of(
        Arguments.of("R6 selective log off", Rules.ALL.withoutSelectiveLog(), "paper-fig2"),
        Arguments.of("duplicate suppression off", Rules.ALL.withoutDuplicateSuppression(),
            "sparse-stress.yaml"),
        Arguments.of("R3 forced checkpoint off", Rules.ALL.withoutForcedCheckpoint(),
            "paper-fig2"),
        Arguments.of("R8 backward log off", Rules.ALL.withoutBackwardLog(), "paper-fig2"),
        Arguments.of("R7 sender copies off", Rules.ALL.withoutSenderCopies(),
            "sparse-stress.yaml"),
        Arguments.of("orphan filter off", new Rules(true, true, true, true, true, false),
            "paper-fig2"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenRules")
  void theOracleReportsViolations(String what, Rules rules, String scenario) {
    var s = scenario.endsWith(".yaml") ? Scenarios.resource(scenario)
        : Scenarios.bundled(scenario);
    Checker.Report r = Checker.check(s, 60, 1, SimOptions.defaults().withRules(rules), null);
    assertThat(r.violations()).as(what).isPositive();
    assertThat(r.failingSeeds()).isNotEmpty();
    Violation v = r.sample().get(0);
    assertThat(v.property()).isIn("P1", "P2", "P3", "P5", "P6", "INVARIANT");
    assertThat(r.failingSeeds()).contains(v.seed());
    // the printed seed replays the very same failure
    SimResult again = Simulator.run(Checker.randomized(s, v.seed()),
        SimOptions.defaults().withRules(rules));
    assertThat(again.violations()).contains(v);
  }
}
