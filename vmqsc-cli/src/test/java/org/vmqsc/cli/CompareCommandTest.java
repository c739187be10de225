package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.sim.Protocols;

class CompareCommandTest {
  @TempDir Path dir;

  @Test
  void jsonHasAnObjectPerProtocolWithSimulatesKeysAndIntervals() throws Exception {
    Path scenario = ShortScenario.fig2(dir);
    CliRun run = CliRun.of("compare", "--scenario", scenario.toString(), "--seeds", "2",
        "--json");
    CliRun single = CliRun.of("simulate", "--scenario", scenario.toString(), "--json");

    assertThat(run.err()).isEmpty();
    assertThat(run.exitCode()).isIn(0, 1); // 1 only if some protocol breaks a property
    ObjectMapper mapper = new ObjectMapper();
    JsonNode json = mapper.readTree(run.out());
    assertThat(json.isArray()).isTrue();
    List<String> protocols = new ArrayList<>();
    json.forEach(o -> protocols.add(o.path("protocol").asText()));
    assertThat(protocols).isEqualTo(ShortScenario.fig2Protocols());
    JsonNode simulate = mapper.readTree(single.out());
    for (JsonNode o : json) {
      assertThat(o.path("seeds").asInt()).isEqualTo(2);
      for (Iterator<String> keys = simulate.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (simulate.get(key).isNumber() && !key.equals("seed")) {
          assertThat(o.path(key).isNumber()).as(key).isTrue();
          assertThat(o.path(key + "Ci95").isNumber()).as(key + "Ci95").isTrue();
        }
      }
    }
    // One seed of compare is exactly simulate's run.
    CliRun one = CliRun.of("compare", "--scenario", scenario.toString(), "--protocols", "vmqsc",
        "--json");
    JsonNode vmqsc = mapper.readTree(one.out()).get(0);
    assertThat(vmqsc.path("eta").asDouble()).isEqualTo(simulate.path("eta").asDouble());
    assertThat(vmqsc.path("etaCi95").asDouble()).isZero();
    assertThat(vmqsc.path("deliveredMessages").asLong())
        .isEqualTo(simulate.path("deliveredMessages").asLong());
  }

  @Test
  void tableHasARowPerProtocolWithIntervals() throws Exception {
    Path scenario = ShortScenario.fig2(dir);
    CliRun run = CliRun.of("compare", "--scenario", scenario.toString(), "--seeds", "2",
        "--seed", "5");

    assertThat(run.err()).isEmpty();
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).contains("paper-fig2 (4 VMs)", "seeds 5..6", "oracle on");
    assertThat(lines.get(1)).contains("protocol", "basic ckpt/VM-h", "forced ckpt/VM-h", "eta",
        "stable written", "stable peak held", "control messages", "blocked (VM-s)",
        "rolled back/failure", "work lost/failure (VM-s)", "recovery (ms)", "violations (sum)",
        "delivered");
    List<String> protocols = ShortScenario.fig2Protocols();
    for (int i = 0; i < protocols.size(); i++) {
      assertThat(lines.get(2 + i)).startsWith(protocols.get(i) + " ").contains(" ± ");
    }
  }

  @Test
  void sameSeedsSameOutput() throws Exception {
    Path scenario = ShortScenario.fig2(dir);
    CliRun a = CliRun.of("compare", "--scenario", scenario.toString(), "--seeds", "2", "--json");
    CliRun b = CliRun.of("compare", "--scenario", scenario.toString(), "--seeds", "2", "--json");

    assertThat(a.out()).isEqualTo(b.out());
  }

  @Test
  void outWritesTheReportFiles() throws Exception {
    Path scenario = ShortScenario.fig2(dir);
    Path out = dir.resolve("report");
    CliRun run = CliRun.of("compare", "--scenario", scenario.toString(), "--protocols",
        "vmqsc", "--out", out.toString());

    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("report: " + out.resolve("report.html"));
    assertThat(out.resolve("results.csv")).isRegularFile();
    assertThat(out.resolve("results.json")).isRegularFile();
    assertThat(out.resolve("runs.csv")).isRegularFile();
    assertThat(out.resolve("results.tex")).isRegularFile();
    assertThat(out.resolve("report.html")).isRegularFile();
    assertThat(Files.readString(out.resolve("report.html"))).contains("with: vmqsc compare "
        + "--scenario " + scenario + " --protocols vmqsc --out " + out, "Scenario text SHA-256: "
        + org.vmqsc.report.Provenance.sha256(Files.readString(scenario)));
    assertThat(out.resolve("eta.png")).isRegularFile();
    assertThat(out.resolve("eta.svg")).isRegularFile();
    try (var files = Files.list(out)) {
      // a chart per compared metric, or a note why it has none (all 0, e.g. violations)
      long notes = Files.readString(out.resolve("report.html")).split("<li>", -1).length - 1;
      assertThat(files.filter(f -> f.toString().endsWith(".png")).count() + notes)
          .isEqualTo(12);
    }
  }

  @Test
  void helpListsTheKnownProtocols() {
    CliRun run = CliRun.of("compare", "--help");

    assertThat(run.exitCode()).isZero();
    Protocols.names().forEach(p -> assertThat(run.out()).contains(p));
    assertThat(run.out()).contains("--protocols", "--seeds", "--out", "--json");
  }
}
