package org.vmqsc.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.style.AxesChartStyler;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * A report one can publish: readable ticks, one unit per metric, no empty plots, what made it
 * on every file, the raw runs beside the means, and a table that pastes into LaTeX.
 */
class PublishableReportTest {
  private static final Provenance MADE = new Provenance("0.1.0", "abc1234567",
      "2026-12-07T17:00:00Z", "vmqsc compare --scenario paper-fig2 --seeds 2 --out r",
      Provenance.sha256("scenario text"));
  private static Comparison comparison;

  @TempDir Path dir;

  @BeforeAll
  static void runOnce() {
    comparison = Comparison.run(Fixtures.shortFig2(), Fixtures.protocols(), 1, 2, true, null);
  }

  @Test
  void tickLabelsAreShortAndNeverInExponentForm() {
    DecimalFormat f88 = new DecimalFormat(Formats.tickPattern(88.47591390703738),
        DecimalFormatSymbols.getInstance(Locale.ROOT));
    assertThat(f88.format(88.47591390703738)).isEqualTo("88.5");
    DecimalFormat f250k = new DecimalFormat(Formats.tickPattern(2.5e5),
        DecimalFormatSymbols.getInstance(Locale.ROOT));
    assertThat(f250k.format(2.5e5)).isEqualTo("250,000");
    assertThat(new DecimalFormat(Formats.tickPattern(0.0012)).format(0.0012)).isEqualTo("0.0012");
    for (Charts.Figure f : Reports.figures(comparison)) {
      AxesChartStyler s = (AxesChartStyler) f.chart().getStyler();
      assertThat(s.getYAxisDecimalPattern()).as(f.name()).isNotNull().doesNotContain("E");
    }
  }

  /** The table said GiB while the chart drew MiB up to 100,000: now both say the same unit. */
  @Test
  void aByteMetricReadsInOneUnitInTableAndChart() {
    Table t = Table.of(comparison);
    String header = t.header().stream().filter(h -> h.startsWith("stable written")).findFirst()
        .orElseThrow();
    String unit = header.substring(header.indexOf('(') + 1, header.indexOf(')'));
    Charts.Figure chart = Reports.figures(comparison).stream()
        .filter(f -> f.name().equals(Metric.STABLE_BYTES_WRITTEN.key())).findFirst().orElseThrow();
    assertThat(chart.chart().getYAxisTitle()).isEqualTo(unit);
    int col = t.header().indexOf(header);
    for (List<String> row : t.rows()) {
      assertThat(row.get(col)).as("a bare number in the header's unit").doesNotContainPattern(
          "[KMGT]iB|\\bB\\b");
    }
    assertThat(chart.chart().getXAxisTitle()).isEqualTo("protocol");
  }

  @Test
  void aScenarioWithoutFailuresGetsANoteInsteadOfEmptyPlots() throws Exception {
    Comparison quiet = Comparison.run(ScenarioLoader.load("paper-example"), List.of("vmqsc"),
        1, 1, true, null);
    Reports.write(quiet, OutputDir.prepare(dir.toString()), MADE);
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("rolled back/failure: no failures in this scenario, so no chart.")
        .doesNotContain("id=\"chart-" + Metric.MEAN_RECOVERY_MILLIS.key() + "\"");
    assertThat(dir.resolve(Metric.WORK_LOST_PER_FAILURE.key() + ".svg")).doesNotExist();
    assertThat(html).contains("id=\"chart-" + Metric.ETA.key() + "\"");
  }

  @Test
  void everyFileSaysWhatMadeItAndHoldsEveryRun() throws Exception {
    Reports.write(comparison, OutputDir.prepare(dir.toString()), MADE);
    int runs = 2 * Fixtures.protocols().size();

    assertThat(Files.readString(dir.resolve("report.html"))).contains(
        "Made by vmqsc 0.1.0 (commit abc1234567) on 2026-12-07T17:00:00Z with: vmqsc compare "
            + "--scenario paper-fig2 --seeds 2 --out r. Scenario text SHA-256: "
            + Provenance.sha256("scenario text"));
    for (String csv : List.of("results.csv", "runs.csv")) {
      assertThat(Files.readAllLines(dir.resolve(csv))).as(csv).startsWith("# version: 0.1.0",
          "# commit: abc1234567", "# date: 2026-12-07T17:00:00Z",
          "# command: vmqsc compare --scenario paper-fig2 --seeds 2 --out r",
          "# scenarioSha256: " + Provenance.sha256("scenario text"));
    }
    List<String> rows = Files.readAllLines(dir.resolve("runs.csv")).stream()
        .filter(l -> !l.startsWith("#")).toList();
    assertThat(rows.get(0)).startsWith("protocol,scenario,seed,");
    assertThat(rows).hasSize(1 + runs);
    assertThat(rows.get(2)).startsWith(Fixtures.protocols().get(0) + ",paper-fig2,2,");

    JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertThat(json.path("provenance").path("commit").asText()).isEqualTo("abc1234567");
    int perSeed = 0;
    for (JsonNode s : json.path("results")) {
      perSeed += s.path("runs").size();
      // the mean in the file is the mean of the runs beside it
      double sum = 0;
      for (JsonNode r : s.path("runs")) {
        sum += r.path("deliveredMessages").asDouble();
      }
      assertThat(s.path("deliveredMessages").asDouble()).isEqualTo(sum / 2);
    }
    assertThat(perSeed).isEqualTo(runs);
  }

  /** Balanced braces and tabular, one cell per column, underscores and ± escaped. */
  @Test
  void theLatexTablePastesIntoAPaper() throws Exception {
    Reports.write(comparison, OutputDir.prepare(dir.toString()), MADE);
    String tex = Files.readString(dir.resolve("results.tex"));

    assertThat(tex).startsWith("% version: 0.1.0\n").contains("\\begin{tabular}{l"
        + "r".repeat(Metric.compared().size()) + "}").contains("\\end{tabular}")
        .contains("$\\pm$").doesNotContain("±");
    assertThat(count(tex, "\\begin{")).isEqualTo(count(tex, "\\end{"));
    String unescaped = tex.replace("\\{", "").replace("\\}", "");
    assertThat(count(unescaped, "{")).isEqualTo(count(unescaped, "}"));
    assertThat(tex.replaceAll("(?m)^%.*$", "")).doesNotContainPattern("(?<!\\\\)[_%#]");
    List<String> body = tex.lines().filter(l -> l.endsWith("\\\\")).toList();
    assertThat(body).hasSize(1 + Fixtures.protocols().size());
    for (String line : body) {
      assertThat(line.split("(?<!\\\\)&", -1)).hasSize(1 + Metric.compared().size());
    }
    assertThat(Latex.escape("vmqsc_lazy 5% #1 & {x}")).isEqualTo(
        "vmqsc\\_lazy 5\\% \\#1 \\& \\{x\\}");
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }
}
