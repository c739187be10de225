package org.vmqsc.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoublePredicate;
import java.util.regex.Pattern;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.Scenario.Clock;
import org.vmqsc.sim.scenario.Scenario.Failure;
import org.vmqsc.sim.scenario.Scenario.Failures;
import org.vmqsc.sim.scenario.Scenario.Flow;
import org.vmqsc.sim.scenario.Scenario.Group;
import org.vmqsc.sim.scenario.Scenario.Network;

/**
 * A scenario key a sweep can vary, how its values are written, and what a value does to the
 * scenario. Values follow the scenario file's unit rules: durations carry a unit (10s, 250ms,
 * 1.5m, 2h) and a bare number is never a duration; factors and shares are plain numbers.
 * Every key leaves the rest of the scenario as it is.
 */
public enum SweepKey {
  /**
   * The MI share of the VMs that can change type. Let G be the first MI group (type MI_k, k ≥ 2)
   * in the scenario's order and N the VMs of G plus those of every SI group. Value f in [0, 1]
   * gives G round(f·N) VMs and the SI groups the other N − round(f·N), shared in proportion to
   * their counts (largest remainder; ties to the earlier group). The total, the other MI groups,
   * the traffic rates (per receiving VM) and VM-id-based failures stay; since VM ids follow group
   * order, a failure of VM i may hit a VM of a different group than before. Every group must keep
   * at least one VM. On paper-example (10 SI, 10 MI2) f = 0.5 is the scenario as written.
   */
  MI_SHARE("miShare", "share of SI+first-MI VMs that are MI", "0.25"),
  /** Every message between hosts takes exactly this long (network.delay: a fixed delay). */
  DELAY("delay", "network delay (ms)", "5ms"),
  /**
   * clock.maxDrift: each host's drift rate is drawn from [−v, v]. An explicit drifts list is
   * dropped so that the value takes effect; explicit offsets stay. In [0, 0.01), as in files.
   */
  DRIFT("drift", "clock max drift", "1e-4"),
  /** T0, the base checkpoint period; every VM keeps its type (SI or MI_k). */
  BASE_PERIOD("basePeriod", "base period T0 (s)", "10s"),
  /** Every traffic rate times this factor (≥ 0). */
  RATE("rate", "traffic rate factor", "2"),
  /** Mean time between failures of each VM (0s: none); fixed failures in the file stay. */
  VM_MTBF("vmMtbf", "VM MTBF (s)", "2000s"),
  /** Mean time between failures of each host (0s: none); fixed failures in the file stay. */
  HOST_MTBF("hostMtbf", "host MTBF (s)", "20000s"),
  /**
   * Every group's count times this factor (> 0), rounded half up; each group must keep at least
   * one VM, and every VM failure in the file must still name an existing VM. Rates are per
   * receiving VM, so per-VM load is unchanged and the total traffic scales with the VM count.
   */
  VMS("vms", "VM count factor", "0.5");

  private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
  /** As the scenario files' clock.maxDrift (R2: drift far below a whole period). */
  private static final double DRIFT_LIMIT = 0.01;

  private final String key;
  private final String axis;
  /** A well-formed value, for error messages. */
  private final String example;

  SweepKey(String key, String axis, String example) {
    this.key = key;
    this.axis = axis;
    this.example = example;
  }

  /** The name used in {@code --vary KEY=...}. */
  public String key() {
    return key;
  }

  /** The x-axis title of a sweep chart, with the unit x is in. */
  public String axis() {
    return axis;
  }

  /** Every key's name, for help texts and errors. */
  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(SweepKey::key).toList());
  }

  public static SweepKey of(String name) {
    for (SweepKey k : values()) {
      if (k.key.equals(name)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown --vary key '" + name + "' (known: " + names()
        + ")");
  }

  /**
   * The value as a number on this key's axis: the number itself, or for a duration the
   * milliseconds (delay) or seconds (the others) the axis title says. Throws an
   * IllegalArgumentException naming the value when it is malformed or out of range.
   */
  public double parse(String text) {
    return switch (this) {
      case MI_SHARE -> check(text, number(text), v -> v >= 0 && v <= 1, "must be in [0, 1]");
      case DRIFT -> check(text, number(text), v -> v >= 0 && v < DRIFT_LIMIT,
          "must be in [0, " + DRIFT_LIMIT + ")");
      case RATE -> check(text, number(text), v -> v >= 0, "must be >= 0");
      case VMS -> check(text, number(text), v -> v > 0, "must be > 0");
      case DELAY -> millis(text);
      case BASE_PERIOD -> check(text, millis(text), v -> v >= 1 && v == Math.rint(v),
          "must be a whole number of milliseconds > 0") / 1000;
      case VM_MTBF, HOST_MTBF -> check(text, millis(text), v -> v == Math.rint(v),
          "must be a whole number of milliseconds") / 1000;
    };
  }

  /** {@code s} with this key set to {@code x}, a value from {@link #parse}. */
  public Scenario apply(Scenario s, double x) {
    return switch (this) {
      case MI_SHARE -> withMiShare(s, x);
      case DELAY -> rebuild(s, s.basePeriodMillis(), s.groups(), s.traffic(),
          new Network(Network.DelayKind.FIXED, x, 0, s.network().messageBytes()), s.clock(),
          s.failures());
      case DRIFT -> rebuild(s, s.basePeriodMillis(), s.groups(), s.traffic(), s.network(),
          new Clock(x, s.clock().maxOffsetMillis(), List.of(), s.clock().offsetsMillis()),
          s.failures());
      case BASE_PERIOD -> rebuild(s, Math.round(x * 1000), s.groups(), s.traffic(), s.network(),
          s.clock(), s.failures());
      case RATE -> rebuild(s, s.basePeriodMillis(), s.groups(), s.traffic().stream()
          .map(f -> f.withRate(f.ratePerSecond() * x)).toList(), s.network(),
          s.clock(), s.failures());
      case VM_MTBF -> s.withFailures(new Failures(s.failures().at(), Math.round(x * 1000),
          s.failures().hostMtbfMillis()));
      case HOST_MTBF -> s.withFailures(new Failures(s.failures().at(),
          s.failures().vmMtbfMillis(), Math.round(x * 1000)));
      case VMS -> withVmFactor(s, x);
    };
  }

  private Scenario withMiShare(Scenario s, double f) {
    List<Group> groups = s.groups();
    int target = -1;
    List<Integer> si = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      if (groups.get(i).k() == 1) {
        si.add(i);
      } else if (target < 0) {
        target = i;
      }
    }
    if (si.isEmpty() || target < 0) {
      throw new IllegalArgumentException("--vary miShare needs an SI group and an MI group; "
          + s.name() + " has " + (si.isEmpty() ? "no SI group" : "no MI group"));
    }
    int pool = groups.get(target).count() + si.stream().mapToInt(i -> groups.get(i).count()).sum();
    int mi = (int) Math.round(f * pool);
    int[] counts = groups.stream().mapToInt(Group::count).toArray();
    counts[target] = mi;
    int[] shares = largestRemainder(pool - mi, si.stream().mapToInt(i -> counts[i]).toArray());
    for (int j = 0; j < si.size(); j++) {
      counts[si.get(j)] = shares[j];
    }
    return s.withGroups(resized(groups, counts, "miShare=" + format(f), pool + " VMs to share"));
  }

  private Scenario withVmFactor(Scenario s, double factor) {
    int[] counts = s.groups().stream().mapToInt(g -> (int) Math.round(g.count() * factor))
        .toArray();
    Scenario scaled = s.withGroups(resized(s.groups(), counts, "vms=" + format(factor),
        s.vmCount() + " VMs"));
    for (Failure f : s.failures().at()) {
      if (!f.host() && f.target() >= scaled.vmCount()) {
        throw new IllegalArgumentException("--vary vms=" + format(factor) + " leaves "
            + scaled.vmCount() + " VMs, but the scenario fails vm " + f.target());
      }
    }
    return scaled;
  }

  /** {@code total} split in proportion to {@code weights}, by the largest-remainder method. */
  static int[] largestRemainder(int total, int[] weights) {
    long sum = Arrays.stream(weights).asLongStream().sum();
    int[] out = new int[weights.length];
    double[] rest = new double[weights.length];
    int given = 0;
    for (int i = 0; i < weights.length; i++) {
      double exact = sum == 0 ? 0 : (double) total * weights[i] / sum;
      out[i] = (int) Math.floor(exact);
      rest[i] = exact - out[i];
      given += out[i];
    }
    for (; given < total; given++) {
      int best = 0;
      for (int i = 1; i < weights.length; i++) {
        if (rest[i] > rest[best]) {
          best = i;
        }
      }
      out[best]++;
      rest[best] = -1;
    }
    return out;
  }

  private static List<Group> resized(List<Group> groups, int[] counts, String what,
      String context) {
    List<Group> out = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      Group g = groups.get(i);
      if (counts[i] < 1) {
        throw new IllegalArgumentException("--vary " + what + " leaves group " + g.name()
            + " with no VM (" + context + "); every group needs at least one");
      }
      out.add(new Group(g.name(), counts[i], g.k(), g.host(), g.checkpointBytes()));
    }
    return out;
  }

  private static Scenario rebuild(Scenario s, long basePeriodMillis, List<Group> groups,
      List<Flow> traffic, Network network, Clock clock, Failures failures) {
    return new Scenario(s.name(), basePeriodMillis, s.durationMillis(), s.seed(), s.hosts(),
        groups, traffic, network, clock, s.storage(), s.recovery(), s.workload(), failures);
  }

  private double number(String text) {
    if (!NUMBER.matcher(text).matches()) {
      throw bad(text, "is not a number (use e.g. " + example + ")");
    }
    return Double.parseDouble(text);
  }

  private double millis(String text) {
    double millis = Durations.millis(text);
    if (Double.isNaN(millis)) {
      throw bad(text, "is not a duration (use e.g. " + example + "; units ms, s, m, h)");
    }
    return millis;
  }

  private double check(String text, double v, DoublePredicate ok, String problem) {
    if (!ok.test(v)) {
      throw bad(text, problem);
    }
    return v;
  }

  private IllegalArgumentException bad(String text, String problem) {
    return new IllegalArgumentException("--vary " + key + "=" + text + ": '" + text + "' "
        + problem);
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%s", v);
  }
}
