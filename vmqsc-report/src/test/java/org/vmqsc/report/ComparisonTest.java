package org.vmqsc.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.scenario.Scenario;

/** Every registered protocol (VM_QSC and whichever baselines exist) on the same short runs. */
class ComparisonTest {
  private static final int SEEDS = 3;
  private static final Scenario SCENARIO = Fixtures.shortFig2();
  private static Comparison comparison;

  @BeforeAll
  static void runOnce() {
    comparison = Comparison.run(SCENARIO, Fixtures.protocols(), 7, SEEDS, true, null);
  }

  @Test
  void oneSummaryPerProtocolInTheOrderAsked() {
    assertThat(comparison.protocols()).isEqualTo(Fixtures.protocols());
    assertThat(comparison.seeds()).isEqualTo(SEEDS);
    assertThat(comparison.firstSeed()).isEqualTo(7);
    assertThat(comparison.vms()).isEqualTo(4);
    for (Comparison.Summary s : comparison.summaries()) {
      assertThat(s.stats()).containsOnlyKeys(Metric.values());
      assertThat(s.get(Metric.DELIVERED).n()).isEqualTo(SEEDS);
    }
  }

  @Test
  void statisticsAreOverTheSeedsSPlusI() {
    List<Double> eta = new ArrayList<>();
    List<Double> basicPerVmHour = new ArrayList<>();
    for (int i = 0; i < SEEDS; i++) {
      SimResult r = Simulator.run(SCENARIO.withSeed(7 + i), SimOptions.defaults());
      eta.add(r.logging().eta());
      double vmHours = 4 * r.run().simulatedMillis() / 3_600_000.0;
      basicPerVmHour.add(r.checkpoints().basic() / vmHours);
    }
    Comparison.Summary vmqsc = comparison.summary("vmqsc");

    Stats expectedEta = Stats.of(eta.stream().mapToDouble(Double::doubleValue).toArray());
    assertThat(vmqsc.get(Metric.ETA).mean()).isCloseTo(expectedEta.mean(), within(1e-15));
    assertThat(vmqsc.get(Metric.ETA).ci95()).isCloseTo(expectedEta.ci95(), within(1e-15));
    assertThat(vmqsc.get(Metric.BASIC_PER_VM_HOUR).mean()).isCloseTo(
        basicPerVmHour.stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
        within(1e-9));
  }

  @Test
  void sameSeedsGiveTheSameResultsWhateverTheThreadTiming() {
    // Reversed protocol order: the runs land on threads differently, the numbers must not move.
    List<String> reversed = new ArrayList<>(Fixtures.protocols());
    java.util.Collections.reverse(reversed);
    Comparison again = Comparison.run(SCENARIO, reversed, 7, SEEDS, true, null);

    for (String p : Fixtures.protocols()) {
      assertThat(again.summary(p)).isEqualTo(comparison.summary(p));
    }
    Comparison same = Comparison.run(SCENARIO, Fixtures.protocols(), 7, SEEDS, true, null);
    assertThat(Results.csv(same)).isEqualTo(Results.csv(comparison));
    assertThat(Results.json(same)).isEqualTo(Results.json(comparison));
  }

  @Test
  void progressCountsEveryRun() {
    AtomicInteger last = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    Comparison.run(SCENARIO, List.of("vmqsc"), 1, 2, false, (done, of) -> {
      calls.incrementAndGet();
      last.accumulateAndGet(done, Math::max);
      assertThat(of).isEqualTo(2);
    });
    assertThat(calls.get()).isEqualTo(2);
    assertThat(last.get()).isEqualTo(2);
  }

  @Test
  void csvHasAHeaderAndOneLinePerProtocolOfEqualWidth() {
    List<String> lines = Results.csv(comparison).lines().toList();

    assertThat(lines).hasSize(1 + Fixtures.protocols().size());
    int columns = lines.get(0).split(",", -1).length;
    assertThat(columns).isEqualTo(5 + 2 * Metric.values().length + 1);
    lines.forEach(l -> assertThat(l.split(",", -1)).hasSize(columns));
    assertThat(lines.get(0)).startsWith("protocol,scenario,seeds,firstSeed,oracle,")
        .contains(",eta,etaCi95,").endsWith(",violationsTotal");
    assertThat(lines.get(1)).startsWith(Fixtures.protocols().get(0) + ",paper-fig2,3,7,true,");
  }

  @Test
  void jsonIsAnArrayOfFlatObjectsWithMeansAndIntervals() {
    JsonNode json = Results.json(comparison);

    assertThat(json.isArray()).isTrue();
    assertThat(json).hasSize(Fixtures.protocols().size());
    for (int i = 0; i < json.size(); i++) {
      JsonNode o = json.get(i);
      assertThat(o.path("protocol").asText()).isEqualTo(Fixtures.protocols().get(i));
      assertThat(o.path("seeds").asInt()).isEqualTo(SEEDS);
      for (Metric m : Metric.values()) {
        assertThat(o.path(m.key()).isNumber()).as(m.key()).isTrue();
        assertThat(o.path(m.key() + "Ci95").isNumber()).as(m.key() + "Ci95").isTrue();
      }
      assertThat(o.path("violationsTotal").isIntegralNumber()).isTrue();
      assertThat(o.path("violationDetails").isArray()).isTrue();
    }
  }

  @Test
  void theScenarioRunsAsWrittenWithItsOwnFailure() {
    Comparison.Summary vmqsc = comparison.summary("vmqsc");

    assertThat(vmqsc.get(Metric.VM_FAILURES).mean()).isEqualTo(1.0);
    assertThat(vmqsc.get(Metric.HOST_FAILURES).mean()).isZero();
    assertThat(vmqsc.get(Metric.VMS_ROLLED_BACK_PER_FAILURE).mean()).isEqualTo(1.0);
    assertThat(vmqsc.violationsTotal()).isZero();
  }

  @Test
  void unknownOrRepeatedProtocolsAreRefusedBeforeAnyRun() {
    assertThatThrownBy(() -> Comparison.requireProtocols(List.of("vmqsc", "nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown protocol 'nope'").hasMessageContaining("vmqsc");
    assertThatThrownBy(() -> Comparison.requireProtocols(List.of("vmqsc", "vmqsc")))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> Comparison.requireProtocols(List.of()))
        .hasMessageContaining("no protocol");
  }
}
