package org.vmqsc.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files of {@code vmqsc compare --out} and {@code vmqsc sweep --out}: results as CSV and
 * JSON (means and intervals, and every run's raw values), a LaTeX table, one chart per compared
 * metric with data as PNG and SVG, and one report.html holding the table and every chart; each
 * file says what made it ({@link Provenance}).
 */
public final class Reports {
  public static final String REPORT_HTML = "report.html";

  private Reports() {}

  /** The same, with nothing known of what made it (tests of the report alone). */
  public static List<Path> write(Comparison c, OutputDir out) {
    return write(c, out, Provenance.UNKNOWN);
  }

  /**
   * Writes results.csv (means and intervals), runs.csv (every run), results.json (both, and
   * the provenance), results.tex (mean ± CI for LaTeX), METRIC.png/.svg per metric with data,
   * and report.html.
   */
  public static List<Path> write(Comparison c, OutputDir out, Provenance p) {
    List<Path> files = new ArrayList<>();
    files.add(out.write("results.csv", p.csvComment() + Results.csv(c)));
    files.add(out.write("runs.csv", p.csvComment() + Results.runsCsv(c)));
    files.add(out.write("results.json", Results.pretty(Results.document(p, Results.json(c)))));
    Table table = Table.of(c);
    files.add(out.write("results.tex", Latex.table(table, "vmqsc compare: " + c.scenario(), p)));
    List<Comparison> cs = List.of(c);
    List<Charts.Figure> figures = figures(c);
    List<String> svgs = writeCharts(figures, out, files);
    HtmlPage page = new HtmlPage("vmqsc compare: " + c.scenario())
        .paragraph(describe(c.scenario(), c.vms(), c.protocols(), c.firstSeed(), c.seeds(),
            c.oracle()) + " Each run replays alone with vmqsc simulate --scenario (the same "
            + "scenario) --protocol P --seed S.")
        .provenance(p)
        .table("results", table)
        .notes(notes(cs))
        .charts(figures, svgs);
    files.add(out.write(REPORT_HTML, page.render()));
    return files;
  }

  /** The same, with nothing known of what made it (tests of the report alone). */
  public static List<Path> write(Sweep s, OutputDir out) {
    return write(s, out, Provenance.UNKNOWN);
  }

  /** Writes sweep.csv, sweep-runs.csv, sweep.json, sweep.tex, the charts and report.html. */
  public static List<Path> write(Sweep s, OutputDir out, Provenance p) {
    List<Path> files = new ArrayList<>();
    files.add(out.write("sweep.csv", p.csvComment() + Results.csv(s)));
    files.add(out.write("sweep-runs.csv", p.csvComment() + Results.runsCsv(s)));
    files.add(out.write("sweep.json", Results.pretty(Results.document(p, Results.json(s)))));
    Table table = Table.of(s);
    files.add(out.write("sweep.tex", Latex.table(table, "vmqsc sweep: " + s.scenario() + ", "
        + s.key().key(), p)));
    List<Charts.Figure> figures = figures(s);
    List<String> svgs = writeCharts(figures, out, files);
    Comparison first = s.points().get(0).comparison();
    HtmlPage page = new HtmlPage("vmqsc sweep: " + s.scenario() + ", " + s.key().key())
        .paragraph("Varied " + s.key().key() + " (" + s.key().axis() + ") over "
            + String.join(", ", s.points().stream().map(Sweep.Point::value).toList()) + ". "
            + describe(s.scenario(), first.vms(), s.protocols(), s.firstSeed(), s.seeds(),
                s.oracle()))
        .provenance(p)
        .table("results", table)
        .notes(notes(s.points().stream().map(Sweep.Point::comparison).toList()))
        .charts(figures, svgs);
    files.add(out.write(REPORT_HTML, page.render()));
    return files;
  }

  /** Per-failure metrics: without a failure they have nothing to measure. */
  private static final List<Metric> PER_FAILURE = List.of(Metric.VMS_ROLLED_BACK_PER_FAILURE,
      Metric.WORK_LOST_PER_FAILURE, Metric.MEAN_RECOVERY_MILLIS);

  /**
   * The compared metrics that are 0 in every run of every protocol: an empty 0..1 plot says
   * nothing, so they get a line saying why instead of a chart.
   */
  static List<Metric> empty(List<Comparison> cs) {
    return Metric.compared().stream().filter(m -> cs.stream()
        .flatMap(c -> c.summaries().stream())
        .allMatch(s -> s.runs().stream().allMatch(r -> r.get(m) == 0))).toList();
  }

  /** "label: why there is no chart", one per {@link #empty} metric. */
  static List<String> notes(List<Comparison> cs) {
    boolean failures = cs.stream().flatMap(c -> c.summaries().stream())
        .anyMatch(s -> s.get(Metric.VM_FAILURES).sum() + s.get(Metric.HOST_FAILURES).sum() > 0);
    List<String> notes = new ArrayList<>();
    for (Metric m : empty(cs)) {
      String why = PER_FAILURE.contains(m) && !failures ? "no failures in this scenario"
          : m == Metric.VIOLATIONS ? "no violation in any run" : "0 for every protocol and run";
      notes.add((m == Metric.VIOLATIONS ? "violations" : m.label()) + ": " + why
          + ", so no chart.");
    }
    return notes;
  }

  /** One bar chart per compared metric with data, one bar per protocol. */
  static List<Charts.Figure> figures(Comparison c) {
    List<Charts.Figure> figures = new ArrayList<>();
    boolean ci = c.seeds() > 1;
    Map<Metric, Formats.Scale> scales = Table.scales(List.of(c));
    List<Metric> empty = empty(List.of(c));
    for (Metric m : Metric.compared()) {
      if (empty.contains(m)) {
        continue;
      }
      Formats.Scale sc = scales.get(m);
      List<Comparison.Summary> all = c.summaries();
      double[] values = all.stream().mapToDouble(s -> chartValue(m, sc, s.get(m))).toArray();
      double[] errors = ci && m != Metric.VIOLATIONS
          ? all.stream().mapToDouble(s -> sc.of(s.get(m).ci95())).toArray() : null;
      figures.add(Charts.bars(m.key(), title(m, c.seeds()), yTitle(m, sc), c.protocols(),
          values, errors));
    }
    return figures;
  }

  /** One line chart per compared metric with data: x the varied value, a line per protocol. */
  static List<Charts.Figure> figures(Sweep s) {
    List<Charts.Figure> figures = new ArrayList<>();
    double[] x = s.points().stream().mapToDouble(Sweep.Point::x).toArray();
    List<Comparison> cs = s.points().stream().map(Sweep.Point::comparison).toList();
    Map<Metric, Formats.Scale> scales = Table.scales(cs);
    List<Metric> empty = empty(cs);
    for (Metric m : Metric.compared()) {
      if (empty.contains(m)) {
        continue;
      }
      Formats.Scale sc = scales.get(m);
      List<Charts.Line> lines = new ArrayList<>();
      for (String protocol : s.protocols()) {
        List<Stats> stats = s.points().stream()
            .map(p -> p.comparison().summary(protocol).get(m)).toList();
        double[] y = stats.stream().mapToDouble(st -> chartValue(m, sc, st)).toArray();
        double[] err = s.seeds() > 1 && m != Metric.VIOLATIONS
            ? stats.stream().mapToDouble(st -> sc.of(st.ci95())).toArray() : null;
        lines.add(new Charts.Line(protocol, x, y, err));
      }
      figures.add(Charts.lines(m.key(), title(m, s.seeds()) + " vs " + s.key().key(),
          s.key().axis(), yTitle(m, sc), lines));
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

  /** What a chart plots: the mean in the metric's unit, except violations (their sum). */
  private static double chartValue(Metric m, Formats.Scale sc, Stats s) {
    return m == Metric.VIOLATIONS ? s.sum() : sc.of(s.mean());
  }

  private static String title(Metric m, int seeds) {
    if (m == Metric.VIOLATIONS) {
      return "violations (sum over " + seeds + (seeds == 1 ? " seed)" : " seeds)");
    }
    return m.label() + (seeds > 1 ? " (mean ± 95% CI)" : "");
  }

  private static String yTitle(Metric m, Formats.Scale sc) {
    return sc.unit();
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
        + "drain included. Byte sizes are in one unit per metric, the same in table and chart.";
  }
}
