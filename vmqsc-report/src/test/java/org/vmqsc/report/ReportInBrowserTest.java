package org.vmqsc.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as a person sees it: rendered by headless Chromium, which must show the table
 * with a row per protocol and every chart at a real size with something drawn in it. Skipped
 * only when no Chromium is installed (CI installs it: .ci/run).
 */
class ReportInBrowserTest {
  private static final List<String> CANDIDATES = List.of("/usr/bin/chromium",
      "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
  private static final long TIMEOUT_SECONDS = 120;
  /**
   * Added to a copy of the report (the report itself has no script): measures what the browser
   * laid out and leaves it in the DOM for --dump-dom to print.
   */
  private static final String PROBE = """
      <script>
      const charts = Array.from(document.querySelectorAll("figure.chart")).map(f => {
        const svg = f.querySelector("svg");
        const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
        const drawn = svg ? svg.getBBox() : {width: 0, height: 0};
        return {id: f.id, width: box.width, height: box.height, drawnWidth: drawn.width,
          drawnHeight: drawn.height, paths: svg ? svg.querySelectorAll("path").length : 0};
      });
      const rows = Array.from(document.querySelectorAll("table#results tbody tr"))
        .map(tr => tr.cells[0].textContent);
      const table = document.querySelector("table#results").getBoundingClientRect();
      // measured before the probe's own long line is added to the page
      const pageScrollWidth = document.documentElement.scrollWidth;
      const viewportWidth = document.documentElement.clientWidth;
      const provenance = (document.querySelector("#provenance") || {}).textContent || "";
      const probe = document.createElement("pre");
      probe.id = "probe";
      probe.textContent = JSON.stringify({charts, rows, tableWidth: table.width,
        tableHeight: table.height, pageScrollWidth, viewportWidth, provenance});
      document.body.appendChild(probe);
      </script>
      """;

  private static Comparison comparison;

  @TempDir Path dir;

  @BeforeAll
  static void runOnce() {
    comparison = Comparison.run(Fixtures.shortFig2(), Fixtures.protocols(), 1, 2, true, null);
  }

  @Test
  void tableAndEveryChartAreShownAtARealSize() throws Exception {
    String chromium = chromium();
    Reports.write(comparison, OutputDir.prepare(dir.resolve("report").toString()));
    String html = Files.readString(dir.resolve("report/report.html"));
    Path probed = Files.writeString(dir.resolve("report/probed.html"),
        html.replace("</body>", PROBE + "</body>"));

    String dom = run(chromium, "--window-size=1400,1800", "--dump-dom",
        probed.toUri().toString());

    Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("probe output in the DOM:\n" + head(dom)).isTrue();
    JsonNode probe = new ObjectMapper().readTree(unescape(m.group(1)));
    List<String> rows = new ArrayList<>();
    probe.path("rows").forEach(r -> rows.add(r.asText()));
    assertThat(rows).containsExactlyElementsOf(Fixtures.protocols());
    assertThat(probe.path("tableWidth").asDouble()).isGreaterThan(300);
    assertThat(probe.path("tableHeight").asDouble()).isGreaterThan(20.0 * (rows.size() + 1));
    List<String> ids = new ArrayList<>();
    for (JsonNode c : probe.path("charts")) {
      ids.add(c.path("id").asText());
      assertThat(c.path("width").asDouble()).as(c.toString()).isEqualTo(Charts.WIDTH);
      assertThat(c.path("height").asDouble()).as(c.toString()).isEqualTo(Charts.HEIGHT);
      // the drawing itself, not just the box: axes, labels and bars span most of the chart
      assertThat(c.path("drawnWidth").asDouble()).as(c.toString()).isGreaterThan(300);
      assertThat(c.path("drawnHeight").asDouble()).as(c.toString()).isGreaterThan(200);
      assertThat(c.path("paths").asInt()).as(c.toString()).isGreaterThan(10);
    }
    assertThat(ids).containsExactlyElementsOf(
        ReportsTest.charted(comparison).stream().map(x -> "chart-" + x.key()).toList());
    // At 1400 px (the probe's window) the page does not scroll sideways: the table fits or
    // scrolls inside its own box.
    assertThat(probe.path("viewportWidth").asDouble()).as(probe.toString()).isBetween(1300.0,
        1400.0);
    assertThat(probe.path("pageScrollWidth").asDouble()).as(probe.toString())
        .isLessThanOrEqualTo(probe.path("viewportWidth").asDouble());
    assertThat(probe.path("provenance").asText()).startsWith("Made by vmqsc ");
  }

  @Test
  void theScreenshotIsNotBlank() throws Exception {
    String chromium = chromium();
    Reports.write(comparison, OutputDir.prepare(dir.resolve("report").toString()));
    Path shot = dir.resolve("shot.png");

    run(chromium, "--screenshot=" + shot, "--window-size=1400,1800",
        dir.resolve("report/report.html").toUri().toString());

    BufferedImage image = ImageIO.read(shot.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1400);
    Set<Integer> colours = new HashSet<>();
    int blue = 0;
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        if ((rgb & 0xFF) > 200 && (rgb >> 16 & 0xFF) < 120) {
          blue++; // XChart's first series colour: the bars
        }
      }
    }
    assertThat(colours).as("distinct colours").hasSizeGreaterThan(20);
    assertThat(blue).as("bar pixels").isGreaterThan(1000);
  }

  /** Chromium's path; the test is skipped when there is none. */
  private static String chromium() {
    for (String c : CANDIDATES) {
      if (new File(c).canExecute()) {
        return c;
      }
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String d : path.split(File.pathSeparator)) {
        File f = new File(d, "chromium");
        if (f.canExecute()) {
          return f.getPath();
        }
      }
    }
    assumeTrue(false, "chromium is not installed");
    return null;
  }

  /** Runs headless Chromium offline with a fresh profile; returns its stdout. */
  private String run(String chromium, String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "profile");
    List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path stdout = dir.resolve("chromium.out");
    Path stderr = dir.resolve("chromium.err");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile()).start();
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in " + TIMEOUT_SECONDS + " s: "
          + head(Files.readString(stderr)));
    }
    assertThat(p.exitValue()).as(head(Files.readString(stderr))).isZero();
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  private static String head(String text) {
    return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "...";
  }
}
