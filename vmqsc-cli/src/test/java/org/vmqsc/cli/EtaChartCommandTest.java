package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtaChartCommandTest {
  @TempDir Path dir;

  @Test
  void writesTheChartAndMarksThePapersPoint() throws Exception {
    Path out = dir.resolve("eta");
    CliRun run = CliRun.of("etachart", "--out", out.toString(), "--duration", "300s",
        "--no-oracle", "--json");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(json).hasSize(24);
    JsonNode paper = null;
    for (JsonNode p : json) {
      if (p.path("paper").asBoolean()) {
        paper = p;
      }
    }
    assertThat(paper).isNotNull();
    assertThat(paper.path("etaAnalytic").asDouble()).isCloseTo(1.0 / 6, within(1e-12));
    assertThat(paper.path("eta").asDouble()).isCloseTo(1.0 / 6, within(0.02));
    assertThat(out.resolve("etachart.csv")).isRegularFile();
    assertThat(out.resolve("eta-analytic-vs-simulated.png")).isRegularFile();
    assertThat(out.resolve("eta-analytic-vs-simulated.svg")).isRegularFile();
    assertThat(out.resolve("report.html")).isRegularFile();
  }
}
