package org.vmqsc.report;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.scenario.Scenario;

/**
 * One scenario key varied over a list of values, with a {@link Comparison} of the same protocols
 * and seeds at each value. All runs of all values go to one {@link Batch}, so both cores stay busy
 * however few seeds each value has.
 *
 * @param points one per value, in the order given
 */
public record Sweep(String scenario, SweepKey key, long firstSeed, int seeds, boolean oracle,
    List<Point> points) {
  public Sweep {
    points = List.copyOf(points);
  }

  /**
   * One value of the key: as written, as a number on the chart's x axis, and the comparison of
   * the protocols on the scenario with that value.
   */
  public record Point(String value, double x, Comparison comparison) {}

  /**
   * A parsed {@code KEY=v1,v2,…}: the key and its values, each checked (IllegalArgumentException
   * naming the key or value otherwise).
   */
  public record Vary(SweepKey key, List<String> values, List<Double> xs) {
    public Vary {
      values = List.copyOf(values);
      xs = List.copyOf(xs);
    }

    public static Vary parse(String spec) {
      int eq = spec.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("--vary must be KEY=v1,v2,... (keys: "
            + SweepKey.names() + "), got '" + spec + "'");
      }
      SweepKey key = SweepKey.of(spec.substring(0, eq).strip());
      List<String> values = new ArrayList<>();
      List<Double> xs = new ArrayList<>();
      for (String raw : spec.substring(eq + 1).split(",", -1)) {
        String value = raw.strip();
        if (value.isEmpty()) {
          throw new IllegalArgumentException("--vary " + key.key() + ": empty value in '"
              + spec.substring(eq + 1) + "'");
        }
        if (values.contains(value)) {
          throw new IllegalArgumentException("--vary " + key.key() + ": value " + value
              + " given twice");
        }
        values.add(value);
        xs.add(key.parse(value));
      }
      return new Vary(key, values, xs);
    }

    /** The scenario at each value, in order; throws if a value does not fit {@code s}. */
    public List<Scenario> apply(Scenario s) {
      return xs.stream().map(x -> key.apply(s, x)).toList();
    }
  }

  public static Sweep run(Scenario s, Vary vary, List<String> protocols, long firstSeed,
      int seeds, boolean oracle, Batch.Progress progress) {
    return run(s, vary, protocols, firstSeed, seeds, SimOptions.defaults().withOracle(oracle),
        progress);
  }

  /** The same, each run with {@code base}'s options (oracle, control delay). */
  public static Sweep run(Scenario s, Vary vary, List<String> protocols, long firstSeed,
      int seeds, SimOptions base, Batch.Progress progress) {
    boolean oracle = base.oracle();
    List<String> names = Comparison.requireProtocols(protocols);
    List<Scenario> scenarios = vary.apply(s); // every value checked before any run starts
    List<Batch.Job> jobs = new ArrayList<>();
    for (Scenario at : scenarios) {
      jobs.addAll(Comparison.jobs(at, names, firstSeed, seeds));
    }
    List<SimResult> results = Batch.run(jobs, base, progress);
    int perPoint = names.size() * seeds;
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < scenarios.size(); i++) {
      List<SimResult> slice = results.subList(i * perPoint, (i + 1) * perPoint);
      points.add(new Point(vary.values().get(i), vary.xs().get(i),
          Comparison.of(scenarios.get(i), names, firstSeed, seeds, oracle, slice)));
    }
    return new Sweep(s.name(), vary.key(), firstSeed, seeds, oracle, points);
  }

  public List<String> protocols() {
    return points.get(0).comparison().protocols();
  }
}
