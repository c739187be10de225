package org.vmqsc.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.vmqsc.sim.Protocols;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Violation;
import org.vmqsc.sim.scenario.Scenario;

/**
 * Several protocols on the same scenario and the same seeds (s, s+1, …), side by side (SPEC §6):
 * per protocol, the mean of every {@link Metric} over the seeds and its 95% confidence interval.
 * The scenario runs as written, with its own failures and nothing random added, so anyone can
 * reproduce a row from the file, the protocol name and the seeds; per-failure metrics are 0 for a
 * scenario without failures. Violations are the oracle's: properties a protocol gives up by
 * design (e.g. P3 for a protocol that rolls every VM back) are not counted for it.
 *
 * @param scenario the scenario's name
 * @param vms its VM count (the denominator of the per-VM-hour rates)
 * @param summaries one per protocol, in the order asked
 */
public record Comparison(String scenario, int vms, long firstSeed, int seeds, boolean oracle,
    List<Summary> summaries) {
  /** At most this many violations are kept per protocol, to show; the counts are complete. */
  static final int MAX_SAMPLE_VIOLATIONS = 20;

  public Comparison {
    summaries = List.copyOf(summaries);
  }

  /**
   * One protocol's results over all seeds.
   *
   * @param sampleViolations the first violations found, in seed order, at most
   *     {@value Comparison#MAX_SAMPLE_VIOLATIONS}
   * @param runs every metric of each run, in seed order (firstSeed, firstSeed + 1, …): the raw
   *     values the means and intervals are made of, for readers who want their own statistics
   */
  public record Summary(String protocol, Map<Metric, Stats> stats,
      List<Violation> sampleViolations, List<Map<Metric, Double>> runs) {
    public Summary {
      stats = Collections.unmodifiableMap(new EnumMap<>(stats));
      sampleViolations = List.copyOf(sampleViolations);
      runs = runs.stream().map(r -> Collections.unmodifiableMap(new EnumMap<>(r))).toList();
    }

    public Stats get(Metric m) {
      return stats.get(m);
    }

    /** Violations over all seeds together. */
    public long violationsTotal() {
      return Math.round(get(Metric.VIOLATIONS).sum());
    }
  }

  /** Runs {@code protocols} × {@code seeds} simulations of {@code s} in parallel. */
  public static Comparison run(Scenario s, List<String> protocols, long firstSeed, int seeds,
      boolean oracle, Batch.Progress progress) {
    return run(s, protocols, firstSeed, seeds, SimOptions.defaults().withOracle(oracle), progress);
  }

  /** The same, each run with {@code base}'s options (oracle, control delay). */
  public static Comparison run(Scenario s, List<String> protocols, long firstSeed, int seeds,
      SimOptions base, Batch.Progress progress) {
    List<String> names = requireProtocols(protocols);
    List<SimResult> results = Batch.run(jobs(s, names, firstSeed, seeds), base, progress);
    return of(s, names, firstSeed, seeds, base.oracle(), results);
  }

  /**
   * The names, each known to {@link Protocols}, without repeats; else an
   * IllegalArgumentException that names the known ones.
   */
  public static List<String> requireProtocols(List<String> names) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no protocol given (known: "
          + String.join(", ", Protocols.names()) + ")");
    }
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (String name : names) {
      if (!unique.add(Protocols.require(name))) {
        throw new IllegalArgumentException("protocol '" + name + "' given twice");
      }
    }
    return List.copyOf(unique);
  }

  /** Protocol-major, seed-minor: the order {@link #of} reads the results in. */
  static List<Batch.Job> jobs(Scenario s, List<String> protocols, long firstSeed, int seeds) {
    if (seeds < 1) {
      throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
    }
    List<Batch.Job> jobs = new ArrayList<>();
    for (String p : protocols) {
      Protocols.requireRunnable(p, s); // before any run starts
      for (int i = 0; i < seeds; i++) {
        jobs.add(new Batch.Job(s.withSeed(firstSeed + i), p));
      }
    }
    return jobs;
  }

  /** Aggregates results laid out as {@link #jobs} lays out the runs. */
  static Comparison of(Scenario s, List<String> protocols, long firstSeed, int seeds,
      boolean oracle, List<SimResult> results) {
    List<Summary> summaries = new ArrayList<>();
    for (int p = 0; p < protocols.size(); p++) {
      List<SimResult> runs = results.subList(p * seeds, (p + 1) * seeds);
      summaries.add(summarise(protocols.get(p), s, runs));
    }
    return new Comparison(s.name(), s.vmCount(), firstSeed, seeds, oracle, summaries);
  }

  static Summary summarise(String protocol, Scenario s, List<SimResult> runs) {
    Map<Metric, Stats> stats = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      stats.put(m, Stats.of(runs.stream().mapToDouble(r -> m.of(r, s)).toArray()));
    }
    List<Violation> sample = runs.stream().flatMap(r -> r.violations().stream())
        .limit(MAX_SAMPLE_VIOLATIONS).toList();
    List<Map<Metric, Double>> raw = new ArrayList<>();
    for (SimResult r : runs) {
      Map<Metric, Double> values = new EnumMap<>(Metric.class);
      for (Metric m : Metric.values()) {
        values.put(m, m.of(r, s));
      }
      raw.add(values);
    }
    return new Summary(protocol, stats, sample, raw);
  }

  /** The summary of {@code protocol}. */
  public Summary summary(String protocol) {
    return summaries.stream().filter(x -> x.protocol().equals(protocol)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no protocol " + protocol));
  }

  public List<String> protocols() {
    return summaries.stream().map(Summary::protocol).toList();
  }

  /** Any violation in any run. */
  public boolean hasViolations() {
    return summaries.stream().anyMatch(x -> x.violationsTotal() > 0);
  }
}
