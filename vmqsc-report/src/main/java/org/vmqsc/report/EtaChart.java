package org.vmqsc.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.scenario.AnalyticEta;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.Scenario.Flow;
import org.vmqsc.sim.scenario.Scenario.Group;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * The paper's §5 analysis generalised, analytic against simulated (SPEC §6). Every point is
 * paper-example (10 SI VMs, 10 MI VMs, 2 hosts, T0 = 10 s, zero delay, no drift, no failures)
 * with two things changed:
 * <ul>
 *   <li>the traffic ratio r = λα1:λα2 = λβ1:λβ2, with λα2 = 2 and λβ2 = 1 msg/s kept (so
 *       λα2:λβ2 = 2:1 as in the paper): λα1 = 2r, λβ1 = r, for r in {@link #RATIOS};
 *   <li>the MI mix: the 10 MI VMs split among MI2, MI3 and MI5 groups ({@link #MIXES}). An MI
 *       group holding n of the 10 sends n/10 of the MI class's rates, so every VM receives the
 *       same as in the two-class model whatever the mix.
 * </ul>
 * For one MI_k class the analytic share is η = (k−1)/(k·(r+1)); r = 2 with MI2 alone is the
 * paper's own point, η = 1/6. Zero delay makes R8 vanish, so simulated η should sit on y = x.
 */
public final class EtaChart {
  /** λα1:λα2 (= λβ1:λβ2). */
  public static final List<Double> RATIOS = List.of(0.5, 1.0, 2.0, 4.0);
  /** How the 10 MI VMs are split among MI2, MI3 and MI5. */
  public static final List<Mix> MIXES = List.of(new Mix(10, 0, 0), new Mix(0, 10, 0),
      new Mix(0, 0, 10), new Mix(5, 5, 0), new Mix(0, 5, 5), new Mix(4, 3, 3));
  private static final int[] MI_KS = {2, 3, 5};
  private static final int SI_VMS = 10;
  private static final int MI_VMS = 10;
  private static final double ALPHA2 = 2;
  private static final double BETA2 = 1;
  private static final double PAPER_RATIO = 2.0;
  private static final double PAPER_ETA = 1.0 / 6;

  /** The MI VMs of one variant: how many are MI2, MI3 and MI5. */
  public record Mix(int mi2, int mi3, int mi5) {
    int count(int i) {
      return i == 0 ? mi2 : i == 1 ? mi3 : mi5;
    }

    @Override
    public String toString() {
      return mi2 + ":" + mi3 + ":" + mi5;
    }
  }

  /**
   * One scenario of the family and what it gave.
   *
   * @param eta simulated η over the seeds
   */
  public record Point(String name, double ratio, Mix mix, double analytic, Stats eta,
      Stats etaR8) {
    /** The paper's own configuration (SPEC §6): r = 2, the MI VMs all MI2. */
    public boolean isPaper() {
      return ratio == PAPER_RATIO && mix.mi2() == MI_VMS;
    }
  }

  public record Result(long firstSeed, int seeds, long durationMillis, boolean oracle,
      List<Point> points) {
    public Result {
      points = List.copyOf(points);
    }
  }

  private EtaChart() {}

  /** The family, ratio-major, at {@code durationMillis} of simulated time each. */
  public static List<Scenario> family(long durationMillis) {
    Scenario base = ScenarioLoader.load("paper-example").withDuration(durationMillis);
    List<Scenario> out = new ArrayList<>();
    for (double r : RATIOS) {
      for (Mix mix : MIXES) {
        out.add(scenario(base, r, mix));
      }
    }
    return out;
  }

  static Scenario scenario(Scenario base, double r, Mix mix) {
    List<Group> groups = new ArrayList<>(List.of(new Group("si", SI_VMS, 1, -1,
        base.groups().get(0).checkpointBytes())));
    for (int i = 0; i < MI_KS.length; i++) {
      if (mix.count(i) > 0) {
        groups.add(new Group("mi" + MI_KS[i], mix.count(i), MI_KS[i], -1,
            base.groups().get(1).checkpointBytes()));
      }
    }
    List<Flow> flows = new ArrayList<>(List.of(new Flow("si", "si", ALPHA2 * r)));
    for (Group to : groups.subList(1, groups.size())) {
      flows.add(new Flow("si", to.name(), ALPHA2));
    }
    for (Group from : groups.subList(1, groups.size())) {
      double share = (double) from.count() / MI_VMS;
      flows.add(new Flow(from.name(), "si", BETA2 * r * share));
      for (Group to : groups.subList(1, groups.size())) {
        flows.add(new Flow(from.name(), to.name(), BETA2 * share));
      }
    }
    String name = String.format(Locale.ROOT, "eta-r%s-mi%d.%d.%d", Formats.plain(r), mix.mi2(),
        mix.mi3(), mix.mi5());
    return new Scenario(name, base.basePeriodMillis(), base.durationMillis(), base.seed(),
        base.hosts(), groups, flows, base.network(), base.clock(), base.storage(),
        base.recovery(), base.workload(), base.failures());
  }

  /** VM_QSC on every scenario of the family, seeds s, s+1, …, in parallel. */
  public static Result run(long durationMillis, long firstSeed, int seeds, boolean oracle,
      Batch.Progress progress) {
    List<Scenario> family = family(durationMillis);
    List<Batch.Job> jobs = new ArrayList<>();
    for (Scenario s : family) {
      jobs.addAll(Comparison.jobs(s, List.of("vmqsc"), firstSeed, seeds));
    }
    List<SimResult> results = Batch.run(jobs, oracle, progress);
    List<Point> points = new ArrayList<>();
    int i = 0;
    for (double r : RATIOS) {
      for (Mix mix : MIXES) {
        Scenario s = family.get(i);
        List<SimResult.Logging> runs = results.subList(i * seeds, (i + 1) * seeds).stream()
            .map(SimResult::logging).toList();
        points.add(new Point(s.name(), r, mix, AnalyticEta.of(s).eta(),
            Stats.of(runs.stream().mapToDouble(SimResult.Logging::eta).toArray()),
            Stats.of(runs.stream().mapToDouble(SimResult.Logging::etaR8).toArray())));
        i++;
      }
    }
    return new Result(firstSeed, seeds, durationMillis, oracle, points);
  }

  public static Table table(Result result) {
    List<List<String>> rows = new ArrayList<>();
    for (Point p : result.points()) {
      String eta = Formats.human(Metric.Kind.SHARE, p.eta().mean())
          + (result.seeds() > 1 ? " ± " + Formats.human(Metric.Kind.SHARE, p.eta().ci95()) : "");
      rows.add(List.of(p.name(), Formats.plain(p.ratio()), p.mix().toString(),
          Formats.human(Metric.Kind.SHARE, p.analytic()), eta,
          String.format(Locale.ROOT, "%+.4f", p.eta().mean() - p.analytic()),
          p.isPaper() ? "paper §5" : ""));
    }
    return new Table(List.of("point", "r", "MI2:MI3:MI5", "analytic eta", "simulated eta",
        "difference", "note"), rows, 3);
  }

  public static ArrayNode json(Result result) {
    ArrayNode array = new ObjectMapper().createArrayNode();
    for (Point p : result.points()) {
      ObjectNode o = array.addObject();
      o.put("point", p.name());
      o.put("ratio", p.ratio());
      o.put("mi2", p.mix().mi2());
      o.put("mi3", p.mix().mi3());
      o.put("mi5", p.mix().mi5());
      o.put("etaAnalytic", p.analytic());
      o.put("eta", p.eta().mean());
      o.put("etaCi95", p.eta().ci95());
      o.put("etaR8", p.etaR8().mean());
      o.put("etaR8Ci95", p.etaR8().ci95());
      o.put("seeds", result.seeds());
      o.put("firstSeed", result.firstSeed());
      o.put("paper", p.isPaper());
    }
    return array;
  }

  static String csv(Result result) {
    StringBuilder out = new StringBuilder();
    Results.row(out, List.of("point", "ratio", "mi2", "mi3", "mi5", "etaAnalytic", "eta",
        "etaCi95", "etaR8", "etaR8Ci95", "seeds", "firstSeed", "paper"));
    for (Point p : result.points()) {
      Results.row(out, List.of(p.name(), Formats.plain(p.ratio()),
          Integer.toString(p.mix().mi2()), Integer.toString(p.mix().mi3()),
          Integer.toString(p.mix().mi5()), Formats.plain(p.analytic()),
          Formats.plain(p.eta().mean()), Formats.plain(p.eta().ci95()),
          Formats.plain(p.etaR8().mean()), Formats.plain(p.etaR8().ci95()),
          Integer.toString(result.seeds()), Long.toString(result.firstSeed()),
          Boolean.toString(p.isPaper())));
    }
    return out.toString();
  }

  static Charts.Figure figure(Result result) {
    double[] x = result.points().stream().mapToDouble(Point::analytic).toArray();
    double[] y = result.points().stream().mapToDouble(p -> p.eta().mean()).toArray();
    Map<String, double[]> marked = new LinkedHashMap<>();
    result.points().stream().filter(Point::isPaper).findFirst().ifPresent(p ->
        marked.put("paper §5: eta = 1/6", new double[] {PAPER_ETA, p.eta().mean()}));
    return Charts.agreement("eta-analytic-vs-simulated",
        "VM_QSC eta: analytic (SPEC §6) vs simulated", "analytic eta", "simulated eta", x, y,
        marked);
  }

  /** Writes etachart.csv, etachart.json, the chart as PNG and SVG, and report.html. */
  public static List<Path> write(Result result, OutputDir out) {
    List<Path> files = new ArrayList<>();
    files.add(out.write("etachart.csv", csv(result)));
    files.add(out.write("etachart.json", Results.pretty(json(result))));
    Charts.Figure f = figure(result);
    String svg = f.svg();
    files.add(out.write(f.name() + ".png", f.png()));
    files.add(out.write(f.name() + ".svg", svg));
    HtmlPage page = new HtmlPage("vmqsc etachart: analytic against simulated eta")
        .paragraph("VM_QSC on " + result.points().size() + " variants of paper-example: "
            + "traffic ratio r = λα1:λα2 = λβ1:λβ2 in " + RATIOS + " and the 10 MI VMs split "
            + "among MI2, MI3 and MI5; " + seedText(result) + ", "
            + Formats.plain(result.durationMillis() / 1000.0) + " s simulated each, oracle "
            + (result.oracle() ? "on" : "off") + ". Zero delay, so R8 adds nothing and the "
            + "points should lie on y = x. The paper's own point (r = 2, MI2 only, η = 1/6) "
            + "is marked.")
        .table("results", table(result))
        .charts(List.of(f), List.of(Charts.inline(svg)));
    files.add(out.write(Reports.REPORT_HTML, page.render()));
    return files;
  }

  private static String seedText(Result r) {
    return r.seeds() == 1 ? "seed " + r.firstSeed()
        : "seeds " + r.firstSeed() + ".." + (r.firstSeed() + r.seeds() - 1);
  }
}
