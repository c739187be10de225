package org.vmqsc.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.vmqsc.sim.scenario.RandomWorlds;
import org.vmqsc.sim.scenario.Scenario;

/**
 * Many seeded runs of one scenario with faults drawn at random (the safety phase), each ending
 * with a fault-free drain in which everything must settle (the liveness phase), all under the
 * oracle. A run's seed alone reproduces it: {@code vmqsc simulate --scenario S --seed N} after
 * {@link #randomized} gives the same faults.
 */
public final class Checker {
  /** What a batch of runs found. */
  /** {@code fellBack}: host recoveries that returned to an older line past a damaged
   * checkpoint (D15); {@code relocated}: those that restarted VMs on other hosts (D14). */
  /** {@code hostRecoveries}: recoveries of failed hosts (several hosts recovered together count
   * once); {@code byProperty}: violations per property (P1..P6, INVARIANT, UNRECOVERABLE). */
  public record Report(int runs, long vmFailures, long hostFailures,
      long hostFailuresWithPendingWrites, long violations, List<Long> failingSeeds,
      List<Violation> sample, long fellBack, long relocated, long hostRecoveries,
      Map<String, Long> byProperty) {}

  /** Called after each run completes, with how many are done. */
  public interface Progress {
    void done(int runs, int of);
  }

  private Checker() {}

  public static Report check(Scenario s, int runs, long firstSeed, SimOptions options,
      Progress progress) {
    return checkAll(seed -> randomized(s, seed), runs, firstSeed, options, progress);
  }

  /**
   * {@code runs} worlds of {@link RandomWorlds#world}, world i drawn from seed
   * {@code firstSeed + i}: {@link #randomWorld} with the same options alone replays one.
   */
  public static Report checkRandomWorlds(int runs, long firstSeed, SimOptions options,
      Progress progress) {
    return checkAll(seed -> randomWorld(seed, options), runs, firstSeed, options, progress);
  }

  /**
   * Random world {@code seed} as {@code options}' protocol runs it: one that cannot move VMs to
   * other hosts (D14) waits for the failed host instead, in the worlds that would relocate.
   */
  public static Scenario randomWorld(long seed, SimOptions options) {
    Scenario w = RandomWorlds.world(seed);
    Scenario.Recovery r = w.recovery();
    if (!r.relocates() || Protocols.relocates(options.protocol())) {
      return w;
    }
    return w.withRecovery(new Scenario.Recovery(r.vmRestartMillis(), r.hostDetectMillis(),
        r.hostRestartMillis()));
  }

  private static Report checkAll(LongFunction<Scenario> worldOf, int runs, long firstSeed,
      SimOptions options, Progress progress) {
    AtomicInteger done = new AtomicInteger();
    List<SimResult> results = IntStream.range(0, runs).parallel()
        .mapToObj(i -> {
          SimResult r = Simulator.run(worldOf.apply(firstSeed + i), options);
          if (progress != null) {
            progress.done(done.incrementAndGet(), runs);
          }
          return r;
        }).toList();
    long vm = 0;
    long host = 0;
    long pending = 0;
    long violations = 0;
    long fellBack = 0;
    long relocated = 0;
    long recovered = 0;
    Map<String, Long> byProperty = new TreeMap<>();
    List<Long> failing = new ArrayList<>();
    List<Violation> sample = new ArrayList<>();
    for (SimResult r : results) {
      SimResult.Failures f = r.failures();
      vm += f.vmFailures();
      host += f.hostFailures();
      pending += f.hostFailuresWithPendingWrites();
      fellBack += f.recoveries().stream().filter(x -> x.damagedLine() >= 0).count();
      relocated += f.recoveries().stream().filter(SimResult.HostRecoveryRecord::relocated)
          .count();
      recovered += f.recoveries().size();
      r.violations().forEach(v -> byProperty.merge(v.property(), 1L, Long::sum));
      violations += r.violations().size();
      if (!r.violations().isEmpty()) {
        failing.add(r.run().seed());
        sample.addAll(r.violations().subList(0, Math.min(3, r.violations().size())));
      }
    }
    return new Report(runs, vm, host, pending, violations, failing, sample, fellBack, relocated,
        recovered, byProperty);
  }

  /**
   * The scenario as run {@code seed} of a check sees it: its own failures plus one to four VM
   * failures and one or two host failures at random times (half of the host failures just after
   * a tick, while lazy writes are pending; sometimes two hosts at once), and clocks drawn at random
   * within the scenario's bounds.
   */
  public static Scenario randomized(Scenario s, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
    List<Scenario.Failure> failures = new ArrayList<>(s.failures().at());
    long t0 = s.basePeriodMillis();
    long span = Math.max(1, s.durationMillis() - 2 * t0);
    int vmFaults = 1 + rnd.nextInt(4);
    for (int i = 0; i < vmFaults; i++) {
      failures.add(new Scenario.Failure(false, rnd.nextInt(s.vmCount()), t0 + rnd.nextLong(span)));
    }
    int hostFaults = 1 + rnd.nextInt(2);
    for (int i = 0; i < hostFaults; i++) {
      long at = t0 + rnd.nextLong(span);
      if (rnd.nextBoolean()) {
        long lazy = Math.max(1, s.storage().lazyDelayMillis() + t0 / 10);
        at = (at / t0) * t0 + rnd.nextLong(lazy);
      }
      int h = rnd.nextInt(s.hosts());
      failures.add(new Scenario.Failure(true, h, at));
      if (s.hosts() > 1 && rnd.nextInt(4) == 0) {
        failures.add(new Scenario.Failure(true, (h + 1) % s.hosts(), at + rnd.nextLong(t0)));
      }
    }
    Scenario.Failures f = new Scenario.Failures(failures, s.failures().vmMtbfMillis(),
        s.failures().hostMtbfMillis());
    return randomClocks(s, rnd).withFailures(f).withSeed(seed);
  }

  private static Scenario randomClocks(Scenario s, SplittableRandom rnd) {
    Scenario.Clock c = s.clock();
    double maxDrift = c.maxDrift();
    for (double d : c.drifts()) {
      maxDrift = Math.max(maxDrift, Math.abs(d));
    }
    double maxOffset = c.maxOffsetMillis();
    for (double o : c.offsetsMillis()) {
      maxOffset = Math.max(maxOffset, Math.abs(o));
    }
    Scenario.Clock random = new Scenario.Clock(maxDrift, maxOffset, List.of(), List.of());
    return new Scenario(s.name(), s.basePeriodMillis(), s.durationMillis(), s.seed(), s.hosts(),
        s.groups(), s.traffic(), s.network(), random, s.storage(), s.recovery(), s.workload(),
        s.failures());
  }
}
