package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Rules;
import org.vmqsc.sim.scenario.Scenario;

/**
 * D15 for log records, as stories: R6 and R8 records written but found damaged when recovery
 * reads them ({@code storage.logDamage}). A host recovery whose line needs a damaged R6 record
 * returns every VM to an older kept line; one that needs a damaged R8 record refuses
 * (UNRECOVERABLE), since no older line does without it. The oracle judges every recovery from
 * what the guests hold (P1, P5, P6) and the end (P2, P6); switched off, the rule lets recovery
 * drop the damaged record silently and the oracle sees the receipts it held go missing.
 */
class DamagedLogStoriesTest {
  private static final int SEEDS = 40;

  private static Scenario damagedLogs(Scenario s, double p) {
    Scenario.Storage st = s.storage();
    return s.withStorage(new Scenario.Storage(st.bandwidthBytesPerSecond(),
        st.lazyDelayMillis(), 0, p));
  }

  private record Tally(int safetyViolations, int unrecoverable, int fellBack, int hostFailures) {}

  private static Tally run(Rules rules) {
    Scenario s = damagedLogs(Scenarios.resource("sparse-stress.yaml"), 0.01);
    int safety = 0;
    int unrecoverable = 0;
    int fellBack = 0;
    int hostFailures = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      SimResult r = Simulator.run(Checker.randomized(s, seed),
          SimOptions.defaults().withRules(rules));
      List<Violation> vs = r.violations();
      unrecoverable += (int) vs.stream().filter(v -> v.property().equals("UNRECOVERABLE"))
          .count();
      safety += (int) vs.stream().filter(v -> !v.property().equals("UNRECOVERABLE")).count();
      fellBack += (int) r.failures().recoveries().stream().filter(x -> x.damagedLine() >= 0)
          .count();
      hostFailures += (int) r.failures().hostFailures();
    }
    return new Tally(safety, unrecoverable, fellBack, hostFailures);
  }

  @Test
  void aDamagedLogRecordTheLineNeedsMakesTheRecoveryFallBackOrRefuseNeverBuildAWrongState() {
    Tally t = run(Rules.ALL);
    System.out.println("damaged logs, rule on: " + t);
    assertThat(t.hostFailures()).isGreaterThan(100);
    assertThat(t.safetyViolations()).as("P1, P2, P5, P6 violations").isZero();
    assertThat(t.fellBack()).as("recoveries that fell back past a damaged R6 record")
        .isPositive();
  }

  @Test
  void withTheRuleOffTheOracleSeesTheReceiptsOfTheDroppedRecordsGoMissing() {
    Tally t = run(Rules.ALL.withoutDamagedLogCheck());
    System.out.println("damaged logs, rule off: " + t);
    assertThat(t.safetyViolations()).as("violations the oracle finds").isPositive();
  }
}
