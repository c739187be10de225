package org.vmqsc.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small random worlds, each drawn from one seed alone, for property tests and for
 * {@code vmqsc check --random-worlds}. {@link #world} draws the hard cases the durable line exists
 * for (D2): hosts failing together or while another host's recovery is under way, long and
 * heavy-tailed delays that keep messages and their acknowledgements in flight across periods,
 * slow storage and lazy delays longer than the period, with and without relocation (D14).
 * {@link #classic} is the generator the property test used first, kept so that the worlds it once
 * failed on replay exactly.
 */
public final class RandomWorlds {
  /** Mixed into the seed so that world(s) and classic(s) draw unrelated worlds. */
  private static final long SALT = 0x51ED_C0DE_2026L;

  private RandomWorlds() {}

  /** A world with its own failures and clocks: run it as it is, the seed replays it. */
  public static Scenario world(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed ^ SALT);
    int hosts = 2 + rnd.nextInt(3);
    List<Scenario.Group> groups = groups(rnd, hosts, 2 + rnd.nextInt(3), 3, 16);
    List<Scenario.Flow> flows = flows(rnd, groups.size(), 3);
    long t0 = 500 + rnd.nextInt(1500);
    long duration = t0 * (15 + rnd.nextInt(20));
    Scenario.Network net = network(rnd, t0);
    Scenario.Clock clock = new Scenario.Clock(rnd.nextDouble() * 5e-3, rnd.nextDouble() * t0 / 10,
        List.of(), List.of());
    Scenario.Storage storage = storage(rnd, t0);
    Scenario.Recovery recovery = recovery(rnd, t0);
    Scenario.Workload workload = new Scenario.Workload(Scenario.Workload.Kind.BANK, 500);
    Scenario s = new Scenario("random-world-" + seed, t0, duration, seed, hosts, groups, flows,
        net, clock, storage, recovery, workload, Scenario.Failures.none());
    return s.withFailures(new Scenario.Failures(failures(rnd, s), 0, 0));
  }

  /**
   * The first generator (1-4 hosts, 2-5 groups of SI/MI2..MI5, sparse or dense traffic), without
   * failures of its own: the property test adds them with {@code Checker.randomized(w, seed)}.
   */
  public static Scenario classic(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int hosts = 1 + rnd.nextInt(4);
    int nGroups = 2 + rnd.nextInt(4);
    List<Scenario.Group> groups = groups(rnd, hosts, nGroups, 4, 32);
    List<Scenario.Flow> flows = flows(rnd, nGroups, 2);
    long t0 = 500 + rnd.nextInt(4000);
    Scenario.Network.DelayKind kind = Scenario.Network.DelayKind.values()[rnd.nextInt(3)];
    double a = kind == Scenario.Network.DelayKind.FIXED && rnd.nextBoolean() ? 0
        : rnd.nextDouble() * t0 / 4;
    Scenario.Network net = new Scenario.Network(kind, a, a + rnd.nextDouble() * t0 / 4, 1024);
    Scenario.Clock clock = new Scenario.Clock(rnd.nextDouble() * 5e-3, rnd.nextDouble() * t0 / 10,
        List.of(), List.of());
    Scenario.Storage storage = new Scenario.Storage(20e6 + rnd.nextDouble() * 400e6,
        rnd.nextInt((int) t0));
    Scenario.Recovery recovery = new Scenario.Recovery(rnd.nextInt(2000), rnd.nextInt(2000),
        rnd.nextInt(3000));
    Scenario.Workload workload = new Scenario.Workload(Scenario.Workload.Kind.BANK, 500);
    return new Scenario("random-" + seed, t0, t0 * (20 + rnd.nextInt(40)), seed, hosts, groups,
        flows, net, clock, storage, recovery, workload,
        new Scenario.Failures(List.of(), rnd.nextBoolean() ? t0 * 10 : 0,
            rnd.nextBoolean() ? t0 * 30 : 0));
  }

  // Draw order matters: classic(seed) must draw exactly as the first generator did.
  private static List<Scenario.Group> groups(SplittableRandom rnd, int hosts, int n,
      int maxCount, int maxMegabytes) {
    List<Scenario.Group> groups = new ArrayList<>();
    for (int g = 0; g < n; g++) {
      int k = rnd.nextInt(3) == 0 ? 1 : 1 + rnd.nextInt(5);
      groups.add(new Scenario.Group("g" + g, 1 + rnd.nextInt(maxCount), k,
          rnd.nextInt(3) == 0 ? rnd.nextInt(hosts) : -1, (1 + rnd.nextInt(maxMegabytes)) << 20));
    }
    return groups;
  }

  private static List<Scenario.Flow> flows(SplittableRandom rnd, int groups, double maxRate) {
    List<Scenario.Flow> flows = new ArrayList<>();
    for (int a = 0; a < groups; a++) {
      for (int b = 0; b < groups; b++) {
        if (rnd.nextInt(3) > 0) {
          flows.add(new Scenario.Flow("g" + a, "g" + b, rnd.nextDouble() * maxRate));
        }
      }
    }
    return flows;
  }

  /**
   * Tiny delays (shorter than the clocks' skew: messages from a later interval, R3), short ones,
   * long ones (up to 1.5 periods, so sends stay unacknowledged across reports), or exponential
   * ones whose mean is a large part of the period (a heavy tail of several periods).
   */
  private static Scenario.Network network(SplittableRandom rnd, long t0) {
    return switch (rnd.nextInt(5)) {
      case 4 -> new Scenario.Network(Scenario.Network.DelayKind.UNIFORM, 0,
          rnd.nextDouble() * t0 / 40, 1024);
      case 0 -> {
        double a = rnd.nextDouble() * t0 / 4;
        yield new Scenario.Network(Scenario.Network.DelayKind.UNIFORM, a,
            a + rnd.nextDouble() * t0 / 4, 1024);
      }
      case 1 -> {
        double a = t0 / 2.0 + rnd.nextDouble() * t0 / 2;
        yield new Scenario.Network(Scenario.Network.DelayKind.UNIFORM, a, a + t0 / 2.0, 1024);
      }
      case 2 -> new Scenario.Network(Scenario.Network.DelayKind.FIXED,
          t0 * (0.5 + rnd.nextDouble() * 0.5), 0, 1024);
      default -> new Scenario.Network(Scenario.Network.DelayKind.EXPONENTIAL,
          t0 * (0.1 + rnd.nextDouble() * 0.6), 0, 1024);
    };
  }

  /** Fast or slow storage; half the worlds wait longer than a period before a lazy write. */
  private static Scenario.Storage storage(SplittableRandom rnd, long t0) {
    double bandwidth = rnd.nextBoolean() ? 2e6 + rnd.nextDouble() * 18e6
        : 20e6 + rnd.nextDouble() * 400e6;
    long lazy = rnd.nextBoolean() ? t0 + rnd.nextLong(2 * t0) : rnd.nextLong(t0);
    return new Scenario.Storage(bandwidth, lazy);
  }

  /** Half the worlds move a failed host's VMs to live hosts before it can come back (D14). */
  private static Scenario.Recovery recovery(SplittableRandom rnd, long t0) {
    long vm = rnd.nextInt(2000);
    long detect = rnd.nextInt(2000);
    long restart = rnd.nextInt(3000);
    if (rnd.nextBoolean()) {
      return new Scenario.Recovery(vm, detect, 2 * t0 + restart, rnd.nextLong(t0 + 1));
    }
    return new Scenario.Recovery(vm, detect, restart);
  }

  /**
   * One to three VM failures, and host failures of one of four shapes: one host; two hosts at
   * the same instant; a second host failing while the first is down or being recovered; a host
   * failing just after a tick (its lazy writes pending) and another soon after.
   */
  private static List<Scenario.Failure> failures(SplittableRandom rnd, Scenario s) {
    List<Scenario.Failure> at = new ArrayList<>();
    long t0 = s.basePeriodMillis();
    long span = Math.max(1, s.durationMillis() - 4 * t0);
    for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
      at.add(new Scenario.Failure(false, rnd.nextInt(s.vmCount()), t0 + rnd.nextLong(span)));
    }
    int first = rnd.nextInt(s.hosts());
    int second = (first + 1 + rnd.nextInt(s.hosts() - 1)) % s.hosts();
    long t = 2 * t0 + rnd.nextLong(span);
    Scenario.Recovery r = s.recovery();
    switch (rnd.nextInt(4)) {
      case 0 -> at.add(new Scenario.Failure(true, first, t));
      case 1 -> {
        at.add(new Scenario.Failure(true, first, t));
        at.add(new Scenario.Failure(true, second, t));
      }
      case 2 -> {
        at.add(new Scenario.Failure(true, first, t));
        long window = r.hostDetectMillis() + Math.min(r.hostRestartMillis(),
            r.relocates() ? r.relocateAfterMillis() : r.hostRestartMillis()) + 2 * t0;
        at.add(new Scenario.Failure(true, second, t + 1 + rnd.nextLong(window)));
      }
      default -> {
        long afterTick = (t / t0) * t0 + rnd.nextLong(Math.max(1, t0 / 5));
        at.add(new Scenario.Failure(true, first, afterTick));
        at.add(new Scenario.Failure(true, second, afterTick + rnd.nextLong(t0)));
      }
    }
    return at;
  }
}
