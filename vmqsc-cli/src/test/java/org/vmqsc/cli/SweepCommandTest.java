package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
  @TempDir Path dir;

  @Test
  void jsonHasAnObjectPerValueAndProtocol() throws Exception {
    Path scenario = ShortScenario.fig2(dir);
    CliRun run = CliRun.of("sweep", "--scenario", scenario.toString(), "--vary",
        "delay=0ms,20ms", "--json", "--no-oracle");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(run.out());
    int n = ShortScenario.fig2Protocols().size();
    assertThat(json).hasSize(2 * n);
    assertThat(json.get(0).path("value").asText()).isEqualTo("0ms");
    assertThat(json.get(n).path("value").asText()).isEqualTo("20ms");
    assertThat(json.get(n).path("x").asDouble()).isEqualTo(20.0);
    assertThat(json.get(0).path("protocol").asText())
        .isEqualTo(ShortScenario.fig2Protocols().get(0));
    assertThat(json.get(0).path("etaCi95").isNumber()).isTrue();
  }

  @Test
  void outWritesSweepFilesAndTheTableNamesTheValues() throws Exception {
    Path scenario = ShortScenario.fig2(dir);
    Path out = dir.resolve("sweep");
    CliRun run = CliRun.of("sweep", "--scenario", scenario.toString(), "--vary", "rate=0.5,1",
        "--protocols", "vmqsc", "--out", out.toString());

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("varying rate").containsPattern("(?m)^0\\.5 +vmqsc ")
        .containsPattern("(?m)^1 +vmqsc ");
    assertThat(out.resolve("sweep.csv")).isRegularFile();
    assertThat(out.resolve("sweep.json")).isRegularFile();
    assertThat(out.resolve("report.html")).isRegularFile();
    assertThat(out.resolve("deliveredMessages.svg")).isRegularFile();
  }

  @Test
  void helpDocumentsEveryKey() {
    CliRun run = CliRun.of("sweep", "--help");

    assertThat(run.out()).contains("miShare=", "delay=", "drift=", "basePeriod=", "rate=",
        "vmMtbf=", "hostMtbf=", "vms=");
  }
}
