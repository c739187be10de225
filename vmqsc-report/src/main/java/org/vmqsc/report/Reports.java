package org.vmqsc.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The files of {@code vmqsc compare --out} and {@code vmqsc sweep --out}: results as CSV and
 * JSON, one chart per compared metric as PNG and SVG, and one report.html holding the table and
 * every chart.
 */
public final class Reports {
  public static final String REPORT_HTML = "report.html";

  private Reports() {}

  /** Writes results.csv, results.json, METRIC.png/.svg per metric and report.html. */
  public static List<Path> write(Comparison c, OutputDir out) {
    List<Path> files = new ArrayList<>();
    files.add(out.write("results.csv", Results.csv(c)));
    files.add(out.write("results.json", Results.pretty(Results.json(c))));
    List<Charts.Figure> figures = figures(c);
    List<String> svgs = writeCharts(figures, out, files);
    HtmlPage page = new HtmlPage("vmqsc compare: " + c.scenario())
        .paragraph(describe(c.scenario(), c.vms(), c.protocols(), c.firstSeed(), c.seeds(),
            c.oracle()) + " Each run replays alone with vmqsc simulate --scenario (the same "
            + "scenario) --protocol P --seed S.")
        .table("results", Table.of(c))
        .charts(figures, svgs);
    files.add(out.write(REPORT_HTML, page.render()));
    return files;
  }

  /** Writes sweep.csv, sweep.json, METRIC.png/.svg per metric and report.html. */
  public static List<Path> write(Sweep s, OutputDir out) {
    List<Path> files = new ArrayList<>();
    files.add(out.write("sweep.csv", Results.csv(s)));
    files.add(out.write("sweep.json", Results.pretty(Results.json(s))));
    List<Charts.Figure> figures = figures(s);
    List<String> svgs = writeCharts(figures, out, files);
    Comparison first = s.points().get(0).comparison();
    HtmlPage page = new HtmlPage("vmqsc sweep: " + s.scenario() + ", " + s.key().key())
        .paragraph("Varied " + s.key().key() + " (" + s.key().axis() + ") over "
            + String.join(", ", s.points().stream().map(Sweep.Point::value).toList()) + ". "
            + describe(s.scenario(), first.vms(), s.protocols(), s.firstSeed(), s.seeds(),
                s.oracle()))
        .table("results", Table.of(s))
        .charts(figures, svgs);
    files.add(out.write(REPORT_HTML, page.render()));
    return files;
  }

  /** One bar chart per compared metric, one bar per protocol. */
  static List<Charts.Figure> figures(Comparison c) {
    List<Charts.Figure> figures = new ArrayList<>();
    boolean ci = c.seeds() > 1;
    for (Metric m : Metric.compared()) {
      List<Comparison.Summary> all = c.summaries();
      double[] values = all.stream().mapToDouble(s -> chartValue(m, s.get(m))).toArray();
      double[] errors = ci && m != Metric.VIOLATIONS
          ? all.stream().mapToDouble(s -> chartScale(m) * s.get(m).ci95()).toArray() : null;
      figures.add(Charts.bars(m.key(), title(m, c.seeds()), yTitle(m), c.protocols(), values,
          errors));
    }
    return figures;
  }

  /** One line chart per compared metric: x the varied value, a line per protocol. */
  static List<Charts.Figure> figures(Sweep s) {
    List<Charts.Figure> figures = new ArrayList<>();
    double[] x = s.points().stream().mapToDouble(Sweep.Point::x).toArray();
    for (Metric m : Metric.compared()) {
      List<Charts.Line> lines = new ArrayList<>();
      for (String protocol : s.protocols()) {
        List<Stats> stats = s.points().stream()
            .map(p -> p.comparison().summary(protocol).get(m)).toList();
        double[] y = stats.stream().mapToDouble(st -> chartValue(m, st)).toArray();
        double[] err = s.seeds() > 1 && m != Metric.VIOLATIONS
            ? stats.stream().mapToDouble(st -> chartScale(m) * st.ci95()).toArray() : null;
        lines.add(new Charts.Line(protocol, x, y, err));
      }
      figures.add(Charts.lines(m.key(), title(m, s.seeds()) + " vs " + s.key().key(),
          s.key().axis(), yTitle(m), lines));
    }
    return figures;
  }

  private static List<String> writeCharts(List<Charts.Figure> figures, OutputDir out,
      List<Path> files) {
    List<String> inline = new ArrayList<>();
    for (Charts.Figure f : figures) {
      String svg = f.svg();
      files.add(out.write(f.name() + ".png", f.png()));
      files.add(out.write(f.name() + ".svg", svg));
      inline.add(Charts.inline(svg));
    }
    return inline;
  }

  /** What a chart plots: the mean, except violations (their sum), bytes in MiB. */
  private static double chartValue(Metric m, Stats s) {
    return m == Metric.VIOLATIONS ? s.sum() : chartScale(m) * s.mean();
  }

  private static double chartScale(Metric m) {
    return m.kind() == Metric.Kind.BYTES ? 1 / Formats.MIB : 1;
  }

  private static String title(Metric m, int seeds) {
    if (m == Metric.VIOLATIONS) {
      return "violations (sum over " + seeds + (seeds == 1 ? " seed)" : " seeds)");
    }
    return m.label() + (seeds > 1 ? " (mean ± 95% CI)" : "");
  }

  private static String yTitle(Metric m) {
    return m.kind() == Metric.Kind.BYTES ? "MiB" : m.unit();
  }

  private static String describe(String scenario, int vms, List<String> protocols,
      long firstSeed, int seeds, boolean oracle) {
    String seedText = seeds == 1 ? "seed " + firstSeed
        : String.format(Locale.ROOT, "seeds %d..%d (%d runs per protocol)", firstSeed,
            firstSeed + seeds - 1, seeds);
    return "Scenario " + scenario + " (" + vms + " VMs), protocols " + String.join(", ", protocols)
        + ", " + seedText + ", oracle " + (oracle ? "on" : "off") + ". The scenario runs as "
        + "written, with its own failures and nothing random added. "
        + (seeds > 1 ? "Values are means over the seeds ± the half-width of the 95% "
            + "confidence interval (Student t); " : "Values are from one run per protocol; ")
        + "violations are summed over the seeds and leave out the SPEC §4 properties a "
        + "protocol gives up by design. Checkpoint rates are per VM-hour of simulated time, "
        + "drain included; per-failure values are 0 when the scenario has no failures.";
  }
}
