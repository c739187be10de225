package org.vmqsc.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  private static Comparison comparison;
  private static Sweep sweep;

  @TempDir Path dir;

  @BeforeAll
  static void runOnce() {
    comparison = Comparison.run(Fixtures.shortFig2(), Fixtures.protocols(), 1, 2, true, null);
    sweep = Sweep.run(Fixtures.shortFig2(), Sweep.Vary.parse("delay=20ms,0ms,5ms"),
        Fixtures.protocols(), 1, 1, false, null);
  }

  @Test
  void compareWritesResultsAChartPerMetricAndOneReport() throws Exception {
    Reports.write(comparison, OutputDir.prepare(dir.resolve("new/sub").toString()));
    Path out = dir.resolve("new/sub");

    assertThat(out.resolve("results.csv")).isRegularFile();
    JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertThat(json.path("results")).hasSize(Fixtures.protocols().size());
    for (Metric m : charted(comparison)) {
      ChartFiles.assertPng(out.resolve(m.key() + ".png"));
      ChartFiles.assertSvg(out.resolve(m.key() + ".svg"));
    }
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html).startsWith("<!DOCTYPE html>").contains("paper-fig2")
        .contains("seeds 1..2").doesNotContain("http://www.w3.org/Graphics/SVG/1.1/DTD");
    for (String p : Fixtures.protocols()) {
      assertThat(html).contains("<tr><td>" + p + "</td>");
    }
    for (Metric m : charted(comparison)) {
      assertThat(html).contains("<figure class=\"chart\" id=\"chart-" + m.key() + "\">");
    }
    assertThat(html.split("<svg ", -1)).hasSize(charted(comparison).size() + 1);
    assertThat(html).doesNotContain("src=\"http").doesNotContain("href=\"http");
  }

  @Test
  void inlinedChartsHaveTheirOwnIds() throws Exception {
    Reports.write(comparison, OutputDir.prepare(dir.toString()));
    String html = Files.readString(dir.resolve("report.html"));

    List<String> ids = java.util.regex.Pattern.compile("id=\"([^\"]+)\"").matcher(html)
        .results().map(r -> r.group(1)).toList();
    assertThat(ids).doesNotHaveDuplicates().contains("eta-1", "deliveredMessages-1");
    assertThat(html).contains("url(#eta-1)");
  }

  @Test
  void sameResultsGiveByteIdenticalFiles() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Reports.write(comparison, OutputDir.prepare(a.toString()));
    Reports.write(comparison, OutputDir.prepare(b.toString()));

    try (var files = Files.list(a)) {
      for (Path f : files.toList()) {
        assertThat(Files.readAllBytes(b.resolve(f.getFileName()))).as(f.toString())
            .isEqualTo(Files.readAllBytes(f));
      }
    }
  }

  @Test
  void sweepWritesOneLineChartPerMetricWithALinePerProtocol() throws Exception {
    Reports.write(sweep, OutputDir.prepare(dir.toString()));

    List<String> csv = Files.readAllLines(dir.resolve("sweep.csv")).stream()
        .filter(l -> !l.startsWith("#")).toList(); // the provenance comment atop
    assertThat(csv).hasSize(1 + 3 * Fixtures.protocols().size());
    assertThat(csv.get(0)).startsWith("key,value,x,protocol,");
    assertThat(csv.get(1)).startsWith("delay,20ms,20," + Fixtures.protocols().get(0) + ",");
    JsonNode json = new ObjectMapper().readTree(dir.resolve("sweep.json").toFile())
        .path("results");
    assertThat(json.get(0).path("key").asText()).isEqualTo("delay");
    assertThat(json.get(0).path("x").asDouble()).isEqualTo(20.0);
    List<Comparison> cs = sweep.points().stream().map(Sweep.Point::comparison).toList();
    for (Metric m : Metric.compared()) {
      if (!Reports.empty(cs).contains(m)) {
        ChartFiles.assertPng(dir.resolve(m.key() + ".png"));
        ChartFiles.assertSvg(dir.resolve(m.key() + ".svg"));
      }
    }
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html).contains("vmqsc sweep: paper-fig2, delay").contains("<td>20ms</td>");
  }

  @Test
  void sweepPointsFollowTheValuesAsGiven() {
    assertThat(sweep.points()).extracting(Sweep.Point::value).containsExactly("20ms", "0ms", "5ms");
    // More delay, more messages cross a boundary backwards (R8) for VM_QSC.
    double r8At0 = sweep.points().get(1).comparison().summary("vmqsc")
        .get(Metric.STABLE_LOGGED_R8).mean();
    double r8At20 = sweep.points().get(0).comparison().summary("vmqsc")
        .get(Metric.STABLE_LOGGED_R8).mean();
    assertThat(r8At20).isGreaterThan(r8At0);
  }

  @Test
  void anOutputPathUnderARegularFileIsRefusedInOneLine() throws Exception {
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");

    assertThatThrownBy(() -> OutputDir.prepare(file.resolve("out").toString()))
        .isInstanceOf(OutputException.class)
        .hasMessageStartingWith("cannot write " + file.resolve("out"))
        .hasMessageContaining("not a directory");
    assertThatThrownBy(() -> OutputDir.prepare(file.toString()))
        .hasMessageContaining("exists and is not a directory");
  }

  /** The compared metrics with data in some run: the ones that get a chart. */
  static List<Metric> charted(Comparison c) {
    List<Metric> empty = Reports.empty(List.of(c));
    return Metric.compared().stream().filter(m -> !empty.contains(m)).toList();
  }
}
