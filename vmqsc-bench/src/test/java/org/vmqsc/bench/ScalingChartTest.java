package org.vmqsc.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.bench.runtime.RuntimeColumns;

/** The scaling charts drawn from the benches' results files, and the files they refuse. */
class ScalingChartTest {
  private static final String SIM_HEADER = String.join(",", ScalingRun.COLUMNS) + ","
      + String.join(",", CsvLog.TRAILER);
  private static final String RT_HEADER = String.join(",", RuntimeColumns.COLUMNS) + ","
      + String.join(",", CsvLog.TRAILER);
  private static final Pattern MARKER =
      Pattern.compile("<ellipse[^>]*fill:rgb\\((\\d+),(\\d+),(\\d+)\\)");

  @TempDir
  Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void eachPanelHasItsSeriesWithOneMarkerPerRunDrawn() throws IOException {
    Path sim = write("sim.csv", SIM_HEADER,
        "scale-1k,1000,10,false,300,1349846,5.7,236455,2.8,473855,235,0,0.2,4096,3.1,abc,d",
        "scale-10k,10000,100,false,300,13500343,55.8,242098,39.2,344350,1302,231,11.1,4096,,abc,d",
        "scale-100k,100000,100,false,300,135004928,1853.6,72832,669.4,201671,3593,2683,997.6,"
            + "4096,,,d",
        "scale-1k,1000,10,true,60,270186,1.2,225155,1.1,239934,126,0,0,8192,2,abc,d");
    Path rt = write("runtime.csv", RT_HEADER,
        relay(64, 4612), relay(256, 2659), relay(1000, 3177),
        recovery(64, "2875", "2122"), recovery(256, "8960", "7995"), recovery(1000, "", ""),
        recovery(1000, "9745", "8946").replace(",1000,2,1000,", ",1000,2,5000,"));

    assertThat(run(sim.toString(), rt.toString(), "--out", dir.resolve("charts").toString()))
        .isZero();

    String thr = svg("sim-throughput");
    assertThat(thr).contains("per CPU-second, oracle off, 300 s simulated",
        "per wall second, oracle off, 300 s simulated",
        "per CPU-second, oracle on, 60 s simulated");
    // In the order the series first appear: off (CPU, wall), then on (CPU, wall); each series'
    // points plus its marker in the legend.
    assertThat(markersByColour(thr)).containsExactly(4, 4, 2, 2);
    assertThat(markersByColour(svg("sim-wall"))).containsExactly(4, 2);
    assertThat(markersByColour(svg("sim-heap"))).containsExactly(4, 4, 2, 2);
    assertThat(svg("runtime-relay"))
        .contains("vmqsc, T0 1 s = 64 VMs: 4,612; 256 VMs: 2,659; 1,000 VMs: 3,177");
    assertThat(markersByColour(svg("runtime-relay"))).containsExactly(4);
    // The 1,000-VM recovery row at T0 1 s has no figures (the run did not complete): not drawn
    // as 0; the one at T0 5 s is a line of its own.
    assertThat(markersByColour(svg("runtime-recovery"))).containsExactly(3, 3, 2, 2);
    assertThat(svg("runtime-recovery")).contains("failure to recovered, T0 5 s = 1,000 VMs: 9,745");
    assertThat(out.toString()).contains("runtime-recovery.svg",
        "failure to recovered, T0 1 s: 2 points");
  }

  @Test
  void aRunTakenAgainReplacesTheOldPointInsteadOfAddingOne() throws IOException {
    Path rt = write("runtime.csv", RT_HEADER, relay(64, 1000), relay(256, 900), relay(64, 2000));

    assertThat(run(rt.toString(), "--out", dir.toString())).isZero();

    assertThat(markersByColour(svg("runtime-relay"))).containsExactly(3);
    assertThat(svg("runtime-relay")).contains("vmqsc, T0 1 s = 64 VMs: 2,000; 256 VMs: 900");
  }

  @Test
  void theSameDataGivesTheSameBytes() throws IOException {
    Path rt = write("runtime.csv", RT_HEADER, relay(64, 4612), relay(1000, 3177));

    assertThat(run(rt.toString(), "--out", dir.resolve("a").toString())).isZero();
    assertThat(run(rt.toString(), "--out", dir.resolve("b").toString())).isZero();

    assertThat(Files.readString(dir.resolve("a/runtime-relay.svg")))
        .isEqualTo(Files.readString(dir.resolve("b/runtime-relay.svg")));
  }

  @Test
  void aMissingFileIsSkippedAndThePanelsOfTheOthersDrawn() throws IOException {
    Path rt = write("runtime.csv", RT_HEADER, relay(64, 4612));

    assertThat(run(dir.resolve("sim.csv").toString(), rt.toString(), "--out", dir.toString()))
        .isZero();

    assertThat(out.toString()).contains("skipped " + dir.resolve("sim.csv") + ": no such file");
    assertThat(dir.resolve("runtime-relay.svg")).exists();
    assertThat(dir.resolve("sim-throughput.svg")).doesNotExist();
    assertThat(dir.resolve("runtime-recovery.svg")).doesNotExist(); // no recovery rows
  }

  @Test
  void aRowWithTooFewCellsIsRefusedInOneLineNamingFileAndLine() throws IOException {
    Path rt = write("runtime.csv", RT_HEADER, relay(64, 4612), "relay,vmqsc,256");

    assertThat(run(rt.toString(), "--out", dir.toString())).isEqualTo(2);

    assertThat(err.toString().strip()).isEqualTo(rt + ":3: 3 cells, the header has 23")
        .doesNotContain("\n");
    assertThat(dir.resolve("runtime-relay.svg")).doesNotExist();
  }

  @Test
  void aFigureThatIsNotANumberIsRefusedInOneLine() throws IOException {
    Path rt = write("runtime.csv", RT_HEADER, relay(64, 4612).replace(",4612,", ",lots,"));

    assertThat(run(rt.toString(), "--out", dir.toString())).isEqualTo(2);

    assertThat(err.toString().strip())
        .isEqualTo(rt + ":2: delivered_msgs_per_s is 'lots', not a number");
  }

  @Test
  void aFileOfNeitherBenchIsRefused() throws IOException {
    Path other = write("other.csv", "a,b,c", "1,2,3");

    assertThat(run(other.toString(), "--out", dir.toString())).isEqualTo(2);
    assertThat(run("--out", dir.toString())).isEqualTo(2);
    assertThat(run(dir.resolve("none.csv").toString(), "--out", dir.toString())).isEqualTo(2);

    assertThat(err.toString().lines()).containsExactly(
        other + ": the header is neither ScalingRun's nor the runtime benches' (a,b,c)",
        "usage: ScalingChart CSV... --out DIR",
        "nothing to draw: no rows in " + dir.resolve("none.csv"));
  }

  @Test
  void whatCsvLogWritesTheChartReads() throws IOException {
    String file = dir.resolve("new/sim.csv").toString();
    CsvLog log = CsvLog.open(file, ScalingRun.COLUMNS);
    log.append(1.5, "scale-1k", 1000, 10, false, 300L, 1349846L, 5.71234, 236455.0, 2.8, 473855.0,
        235.0, 0.0, 0.2, 4096.0);
    CsvLog.open(file, ScalingRun.COLUMNS).append(-1, "scale-10k", 10000, 100, false, 300L,
        13500343L, 55.8, 242098.0, 39.2, 344350.0, 1302.0, 231.0, 11.1, 4096.0);

    List<String> lines = Files.readAllLines(Path.of(file));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo(SIM_HEADER);
    assertThat(lines.get(1)).startsWith("scale-1k,1000,10,false,300,1349846,5.71,236455,2.8,"
        + "473855,235,0,0.2,4096,1.5,");
    assertThat(lines.get(2)).contains(",4096,,"); // load unknown: empty, not -1
    assertThat(run(file, "--out", dir.toString())).isZero();
    assertThat(markersByColour(svg("sim-wall"))).containsExactly(3);
  }

  @Test
  void aResultsFileWithAnotherHeaderIsNotAppendedTo() throws IOException {
    Path rt = write("runtime.csv", RT_HEADER, relay(64, 4612));

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CsvLog.open(rt.toString(), ScalingRun.COLUMNS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(rt + ": has another header");
    assertThat(Files.readAllLines(rt)).hasSize(2);
  }

  @Test
  void axisLabelsAreRoundedForAReader() {
    assertThat(ScalingChart.label(88.4759139)).isEqualTo("88.5");
    assertThat(ScalingChart.label(1234567.0)).isEqualTo("1,234,567");
    assertThat(ScalingChart.label(0.25)).isEqualTo("0.25");
    assertThat(ScalingChart.label(2.0)).isEqualTo("2");
  }

  private int run(String... args) {
    return ScalingChart.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private Path write(String name, String... lines) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, List.of(lines));
    return p;
  }

  private String svg(String name) throws IOException {
    Path p = Files.exists(dir.resolve("charts")) ? dir.resolve("charts") : dir;
    return Files.readString(p.resolve(name + ".svg"));
  }

  /** How many point markers each palette colour has, in palette order, up to the last used. */
  private static List<Integer> markersByColour(String svg) {
    int[] n = new int[ScalingChart.PALETTE.size()];
    Matcher m = MARKER.matcher(svg);
    while (m.find()) {
      Color c = new Color(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)));
      int i = ScalingChart.PALETTE.indexOf(c);
      assertThat(i).as("marker colour %s", c).isNotNegative();
      n[i]++;
    }
    int last = n.length;
    while (last > 0 && n[last - 1] == 0) {
      last--;
    }
    return java.util.Arrays.stream(n, 0, last).boxed().toList();
  }

  private static String relay(int vms, double delivered) {
    return String.format(java.util.Locale.ROOT,
        "relay,vmqsc,%d,2,1000,3000,312,%.0f,1,2,3,4,5,,,,,,,,3.3,abc,d", vms, delivered);
  }

  private static String recovery(int vms, String host, String startToRecovered) {
    return "recovery,vmqsc," + vms + ",2,1000,1500,3,,,,,,,1.5," + host + ",1,2,"
        + (host.isEmpty() ? "" : "300") + ",400," + startToRecovered + ",3.3,abc,d";
  }
}
