package org.vmqsc.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jfree.svg.SVGGraphics2D;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.vmqsc.bench.runtime.RuntimeColumns;
import org.vmqsc.report.Charts;

/**
 * The scaling curves of issue 14 as SVG charts, drawn from the results files the benches append
 * to ({@code ScalingRun --csv}, {@code RelayOverheadBench}/{@code RecoveryTimeBench --csv}).
 * Each file is recognised by its header; a file that does not exist is skipped (the simulator's
 * and the runtime's curves are measured at different times), and the panels that have data are
 * drawn: for the simulator, throughput, wall time and heap against VM count; for the runtime,
 * relay throughput and host-recovery time. VM counts are on a log axis. Several rows for the
 * same series and VM count: the last one is drawn (a run taken again replaces the old one).
 *
 * <pre>java -cp vmqsc-bench/target/benchmarks.jar org.vmqsc.bench.ScalingChart \
 *     docs/scaling/sim.csv docs/scaling/runtime.csv --out docs/scaling</pre>
 */
public final class ScalingChart {
  /** Series colours (Okabe and Ito's palette, told apart also with colour-blindness). */
  static final List<Color> PALETTE = List.of(new Color(0, 114, 178), new Color(213, 94, 0),
      new Color(0, 158, 115), new Color(204, 121, 167), new Color(86, 180, 233),
      new Color(230, 159, 0), new Color(0, 0, 0), new Color(240, 228, 66));

  private static final String USAGE = "usage: ScalingChart CSV... --out DIR";

  private ScalingChart() {}

  /** One chart: its series, each VM count to one value. */
  record Panel(String name, String title, String yTitle, boolean logY,
      Map<String, TreeMap<Double, Double>> series) {
    Panel(String name, String title, String yTitle, boolean logY) {
      this(name, title, yTitle, logY, new LinkedHashMap<>());
    }

    void add(String line, double vms, double y) {
      if (!Double.isNaN(y) && (!logY || y > 0)) {
        series.computeIfAbsent(line, k -> new TreeMap<>()).put(vms, y);
      }
    }
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Exit code: 0 drawn, 2 bad arguments or a malformed file (one line on {@code err}). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> files = new ArrayList<>();
    String dir = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out") && i + 1 < args.length) {
        dir = args[++i];
      } else if (args[i].startsWith("--")) {
        err.println("unknown option " + args[i] + "; " + USAGE);
        return 2;
      } else {
        files.add(args[i]);
      }
    }
    if (dir == null || files.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    try {
      List<Panel> panels = panels(files, out);
      if (panels.isEmpty()) {
        err.println("nothing to draw: no rows in " + String.join(", ", files));
        return 2;
      }
      for (Panel p : panels) {
        Path svg = write(p, Path.of(dir));
        out.printf(Locale.ROOT, "drew %s: %s (%s)%n", svg, p.title(), describe(p));
      }
      return 0;
    } catch (ResultsCsv.Malformed e) {
      err.println(e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      err.println("cannot write the charts to " + dir + ": " + e.getMessage());
      return 2;
    }
  }

  /** The panels that have at least one point, from the files that exist. */
  static List<Panel> panels(List<String> files, PrintStream out) {
    Panel thr = new Panel("sim-throughput", "Simulator: delivered messages per second",
        "msgs/s", false);
    Panel wall = new Panel("sim-wall", "Simulator: wall time of one run (s, log scale)",
        "wall time (s)", true);
    Panel heap = new Panel("sim-heap", "Simulator: heap (MiB)", "MiB", false);
    Panel relay = new Panel("runtime-relay", "Runtime: relay throughput (msgs/s delivered)",
        "msgs/s", false);
    Panel rec = new Panel("runtime-recovery", "Runtime: host recovery time (ms)", "ms", false);
    for (String f : files) {
      Path path = Path.of(f);
      if (!Files.exists(path)) {
        out.println("skipped " + f + ": no such file");
        continue;
      }
      ResultsCsv csv = ResultsCsv.read(path);
      if (csv.has(ScalingRun.COLUMNS)) {
        for (ResultsCsv.Row r : csv.rows) {
          String key = "oracle " + (r.text("oracle").equals("true") ? "on" : "off") + ", "
              + r.text("simulated_s") + " s simulated";
          double vms = vms(r);
          thr.add("per CPU-second, " + key, vms, r.number("msgs_per_cpu_s"));
          thr.add("per wall second, " + key, vms, r.number("msgs_per_s"));
          wall.add(key, vms, r.number("wall_s"));
          heap.add("heap pools' peak, " + key, vms, r.number("heap_peak_MiB"));
          heap.add("old gen after GC, peak, " + key, vms, r.number("old_after_gc_peak_MiB"));
        }
      } else if (csv.has(RuntimeColumns.COLUMNS)) {
        for (ResultsCsv.Row r : csv.rows) {
          double vms = vms(r);
          // T0 sets the work per period and how far a recovery rolls back: one line per T0.
          String t0 = ", T0 " + label(r.number("t0_ms") / 1000) + " s";
          if (r.text("bench").equals(RuntimeColumns.RELAY)) {
            relay.add(r.text("protocol") + t0, vms, r.number("delivered_msgs_per_s"));
          } else if (r.text("bench").equals(RuntimeColumns.RECOVERY)) {
            rec.add("failure to recovered" + t0, vms, r.number("host_recovery_ms"));
            rec.add("node started to recovered" + t0, vms, r.number("start_to_recovered_ms"));
          } else {
            throw new ResultsCsv.Malformed(r.file() + ":" + r.line() + ": bench is '"
                + r.text("bench") + "', neither relay nor recovery");
          }
        }
      } else {
        throw new ResultsCsv.Malformed(f + ": the header is neither ScalingRun's nor the"
            + " runtime benches' (" + String.join(",", csv.header) + ")");
      }
    }
    return List.of(thr, wall, heap, relay, rec).stream().filter(p -> !p.series().isEmpty())
        .toList();
  }

  private static double vms(ResultsCsv.Row r) {
    double v = r.number("vms");
    if (!(v >= 1)) {
      throw new ResultsCsv.Malformed(r.file() + ":" + r.line() + ": vms is '" + r.text("vms")
          + "', not a VM count");
    }
    return v;
  }

  private static Path write(Panel p, Path dir) throws IOException {
    List<Charts.Line> lines = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Double, Double>> s : p.series().entrySet()) {
      lines.add(new Charts.Line(s.getKey(),
          s.getValue().keySet().stream().mapToDouble(Double::doubleValue).toArray(),
          s.getValue().values().stream().mapToDouble(Double::doubleValue).toArray(), null));
    }
    Charts.Figure fig = Charts.lines(p.name(), p.title(), "VMs (log scale)", p.yTitle(), lines);
    XYChart c = (XYChart) fig.chart();
    int i = 0;
    for (XYSeries s : c.getSeriesMap().values()) {
      // One marker shape, colours apart: a reader tells the series by colour, a test counts
      // each series' drawn points by its colour.
      Color colour = PALETTE.get(i++ % PALETTE.size());
      s.setMarker(SeriesMarkers.CIRCLE).setMarkerColor(colour).setLineColor(colour);
    }
    c.getStyler().setMarkerSize(7);
    // A decimal pattern, not a formatting function: XChart ticks a log axis linearly when
    // given a function.
    c.getStyler().setXAxisLogarithmic(true).setXAxisDecimalPattern("#,##0");
    c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical); // long names fit the width
    if (p.logY()) {
      c.getStyler().setYAxisMin(null); // a log axis cannot start at 0
      c.getStyler().setYAxisLogarithmic(true).setYAxisDecimalPattern("#,##0.#");
    } else {
      c.getStyler().setyAxisTickLabelsFormattingFunction(ScalingChart::label);
    }
    // Drawn with JFreeSVG rather than XChart's own encoder: text stays text (readable, found
    // by a search, a few KB per chart instead of glyph outlines), and with the panel's name as
    // the prefix of its ids the file is the same bytes for the same data.
    SVGGraphics2D g = new SVGGraphics2D(c.getWidth(), c.getHeight());
    g.setDefsKeyPrefix(p.name() + "-");
    g.setGeomDoubleConverter(ScalingChart::hundredths); // the glyph outlines' digits: half the file
    c.paint(g, c.getWidth(), c.getHeight());
    Files.createDirectories(dir);
    Path file = dir.resolve(p.name() + ".svg");
    String svg = g.getSVGElement(p.name());
    int open = svg.indexOf('>') + 1; // XChart draws its text as outlines: say it in words too
    Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + svg.substring(0, open) + "<title>" + xml(p.title()) + "</title><desc>" + xml(data(p))
        + "</desc>" + svg.substring(open) + "\n", StandardCharsets.UTF_8);
    return file;
  }

  /** An axis label a reader takes in at once: 1,000 and 250,000, 2.5 and 0.25, never 88.4759. */
  static String label(Double v) {
    double a = Math.abs(v);
    Function<String, String> f = p -> String.format(Locale.ROOT, p, v);
    if (a >= 100 || a == Math.rint(a)) {
      return f.apply("%,.0f");
    }
    return new java.math.BigDecimal(f.apply(a >= 10 ? "%.1f" : "%.2f")).stripTrailingZeros()
        .toPlainString();
  }

  /** A coordinate to 1/100 of a pixel, which no eye tells apart from the full double. */
  static String hundredths(double d) {
    double r = Math.rint(d * 100) / 100;
    return r == Math.rint(r) ? Long.toString((long) r) : Double.toString(r);
  }

  /** The panel's points in words, for readers that cannot see the chart. */
  static String data(Panel p) {
    List<String> lines = new ArrayList<>();
    p.series().forEach((k, v) -> {
      List<String> points = new ArrayList<>();
      v.forEach((x, y) -> points.add(label(x) + " VMs: " + label(y)));
      lines.add(k + " = " + String.join("; ", points));
    });
    return String.join("\n", lines);
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String describe(Panel p) {
    List<String> parts = new ArrayList<>();
    p.series().forEach((k, v) -> parts.add(k + ": " + v.size() + " point"
        + (v.size() == 1 ? "" : "s")));
    return String.join("; ", parts);
  }
}
