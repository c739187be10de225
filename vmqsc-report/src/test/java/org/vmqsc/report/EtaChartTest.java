package org.vmqsc.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.sim.scenario.AnalyticEta;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

class EtaChartTest {
  @TempDir Path dir;

  @Test
  void theFamilyContainsThePaperExampleItself() {
    List<Scenario> family = EtaChart.family(3_000_000);
    Scenario paper = ScenarioLoader.load("paper-example");

    assertThat(family).hasSize(EtaChart.RATIOS.size() * EtaChart.MIXES.size());
    Scenario r2mi2 = family.stream().filter(s -> s.name().equals("eta-r2-mi10.0.0"))
        .findFirst().orElseThrow();
    assertThat(r2mi2.groups()).isEqualTo(paper.groups());
    assertThat(r2mi2.traffic()).isEqualTo(paper.traffic());
    assertThat(AnalyticEta.of(r2mi2).eta()).isCloseTo(1.0 / 6, within(1e-15));
  }

  @Test
  void oneMiClassFollowsTheClosedForm() {
    // eta = (k-1) / (k (r+1)) for SI and MI_k 1:1 with these rates
    for (Scenario s : EtaChart.family(1_000)) {
      if (s.groups().size() == 2) {
        int k = s.groups().get(1).k();
        double r = s.traffic().get(0).ratePerSecond() / 2;
        assertThat(AnalyticEta.of(s).eta()).as(s.name())
            .isCloseTo((k - 1.0) / (k * (r + 1)), within(1e-12));
      }
    }
  }

  @Test
  void mixedClassesReceiveAsTheTwoClassModel() {
    // Every VM receives what it would with one MI class: the mix only changes who logs.
    Scenario mixed = EtaChart.scenario(ScenarioLoader.load("paper-example"), 2,
        new EtaChart.Mix(4, 3, 3));
    AnalyticEta a = AnalyticEta.of(mixed);

    assertThat(a.terms()).extracting(AnalyticEta.Term::group)
        .containsExactly("si", "mi2", "mi3", "mi5");
    assertThat(a.terms().get(0).receiveRate()).isCloseTo(10 * (4 + 2), within(1e-9));
    assertThat(a.terms().get(1).receiveRate()).isCloseTo(4 * (2 + 1), within(1e-9));
    assertThat(a.terms().get(2).receiveRate()).isCloseTo(3 * (2 + 1), within(1e-9));
  }

  @Test
  void simulatedEtaMatchesTheAnalyticOneAndTheChartIsWritten() throws Exception {
    EtaChart.Result result = EtaChart.run(600_000, 1, 1, false, null);
    EtaChart.write(result, OutputDir.prepare(dir.toString()));

    for (EtaChart.Point p : result.points()) {
      // zero delay: no R8, and 600 s of Poisson traffic keeps the share within a few percent
      assertThat(p.etaR8().mean()).isZero();
      assertThat(p.eta().mean()).as(p.name()).isCloseTo(p.analytic(), within(0.1 * p.analytic()));
    }
    assertThat(result.points()).filteredOn(EtaChart.Point::isPaper).hasSize(1);
    assertThat(Files.readAllLines(dir.resolve("etachart.csv"))).hasSize(1 + 24);
    ChartFiles.assertPng(dir.resolve("eta-analytic-vs-simulated.png"));
    ChartFiles.assertSvg(dir.resolve("eta-analytic-vs-simulated.svg"));
    assertThat(Files.readString(dir.resolve("report.html"))).contains("paper §5")
        .contains("<svg ");
  }
}
