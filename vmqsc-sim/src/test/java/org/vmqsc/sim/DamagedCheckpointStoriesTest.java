package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.sim.scenario.Scenario;

/**
 * D15 as stories: checkpoints written but found damaged when recovery reads them. Storage that
 * can be damaged keeps the previous durable line too; a host recovery whose line needs a damaged
 * checkpoint returns every VM to that previous line. The oracle checks each recovery (P1, P5,
 * P6) and the end (P2, P6) as always.
 */
class DamagedCheckpointStoriesTest {
  private static Scenario damaged(Scenario s, double p) {
    Scenario.Storage st = s.storage();
    return s.withStorage(new Scenario.Storage(st.bandwidthBytesPerSecond(),
        st.lazyDelayMillis(), p));
  }

  @Test
  void aDamagedCheckpointMakesTheRecoveryFallBackToThePreviousLineForEveryVm() {
    // Figure 2, host 1 fails at 250.5 s; one checkpoint in five rots. Seeds differ in which.
    Scenario fig2 = damaged(Scenarios.bundled("paper-fig2").withFailures(new Scenario.Failures(
        List.of(new Scenario.Failure(true, 1, 250_500)), 0, 0)), 0.2);
    List<SimResult.HostRecoveryRecord> fellBack = new ArrayList<>();
    for (long seed = 1; seed <= 30; seed++) {
      SimResult r = Simulator.run(fig2.withSeed(seed), SimOptions.defaults());
      boolean unrecoverable = r.violations().stream()
          .anyMatch(v -> v.property().equals("UNRECOVERABLE"));
      if (!unrecoverable) {
        assertThat(r.violations()).as("seed " + seed).isEmpty();
      }
      r.failures().recoveries().stream().filter(x -> x.damagedLine() >= 0).forEach(fellBack::add);
    }
    assertThat(fellBack).as("some seed hit a damaged checkpoint").isNotEmpty();
    for (SimResult.HostRecoveryRecord f : fellBack) {
      assertThat(f.durableLine()).isLessThan(f.damagedLine());
      assertThat(f.rolledBack()).as("every VM").isEqualTo(4);
    }
  }

  @Test
  void underRandomFailuresAndRareDamageTheOracleFindsNothing() {
    Scenario s = damaged(Scenarios.resource("sparse-stress.yaml"), 0.005);
    int fellBack = 0;
    int hostFailures = 0;
    for (long seed = 1; seed <= 40; seed++) {
      SimResult r = Simulator.run(Checker.randomized(s, seed), SimOptions.defaults());
      assertThat(r.violations()).as("seed " + seed).isEmpty();
      fellBack += (int) r.failures().recoveries().stream().filter(x -> x.damagedLine() >= 0)
          .count();
      hostFailures += (int) r.failures().hostFailures();
    }
    assertThat(hostFailures).isGreaterThan(100);
    assertThat(fellBack).as("recoveries that fell back").isPositive();
  }
}
