package org.vmqsc.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vmqsc.sim.scenario.AnalyticEta.Term;

class AnalyticEtaTest {

  @Test
  void paperExampleIsOneSixth() {
    AnalyticEta eta = AnalyticEta.of(ScenarioLoader.load("paper-example"));
    assertThat(eta.eta()).isCloseTo(1.0 / 6, within(1e-12));
    // R_si = (4 + 2) * 10, R_mi2 = (2 + 1) * 10, of which MI2 logs half.
    assertThat(eta.terms()).containsExactly(
        new Term("si", 1, 10, 60, 0), new Term("mi2", 2, 10, 30, 15));
  }

  @Test
  void scalingTheVmCountKeepsEta() {
    assertThat(AnalyticEta.of(ScenarioLoader.load("paper-example-1000")).eta())
        .isCloseTo(1.0 / 6, within(1e-12));
  }

  @Test
  void noTrafficLogsNothing() {
    Scenario quiet = ScenarioLoader.parse("""
        basePeriod: 10s
        duration: 10s
        groups: [{name: a, count: 3, type: MI4}]
        """, "quiet.yaml");
    AnalyticEta eta = AnalyticEta.of(quiet);
    assertThat(eta.eta()).isZero();
    assertThat(eta.describe()).contains("eta = 0.000 / 0.000 = 0.000000");
  }

  @Test
  void generalFormWeighsEachMiGroupByKMinusOneOverK() {
    Scenario s = ScenarioLoader.parse("""
        basePeriod: 10s
        duration: 10s
        groups:
          - {name: a, count: 2, type: SI}
          - {name: b, count: 1, type: MI3}
          - {name: c, count: 4, type: MI5}
        traffic:
          - {from: a, to: b, rate: 3}
          - {from: c, to: b, rate: 1.5}
          - {from: a, to: c, rate: 1}
          - {from: b, to: a, rate: 2}
        """, "general.yaml");
    // R_a = 2*2 = 4, R_b = 4.5*1 = 4.5 (logs 3), R_c = 1*4 = 4 (logs 3.2).
    assertThat(AnalyticEta.of(s).eta()).isCloseTo((3 + 3.2) / (4 + 4.5 + 4), within(1e-12));
  }

  @Test
  void describeShowsEveryGroupAndTheResult() {
    String table = AnalyticEta.of(ScenarioLoader.load("paper-example")).describe();
    assertThat(table).contains("si", "mi2", "MI2", "60.000", "30.000", "15.000",
        "eta = 15.000 / 90.000 = 0.166667");
  }
}
