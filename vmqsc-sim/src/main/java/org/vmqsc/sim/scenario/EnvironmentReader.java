package org.vmqsc.sim.scenario;

import static org.vmqsc.sim.scenario.ScenarioReader.optional;

import java.util.List;
import java.util.function.Function;
import org.vmqsc.sim.scenario.Scenario.Clock;
import org.vmqsc.sim.scenario.Scenario.Network;
import org.vmqsc.sim.scenario.Scenario.Network.DelayKind;
import org.vmqsc.sim.scenario.Scenario.Recovery;
import org.vmqsc.sim.scenario.Scenario.Storage;
import org.vmqsc.sim.scenario.Scenario.Workload;

/**
 * Reads the sections that describe the world the VMs run in rather than the VMs themselves:
 * network, clocks, storage, recovery times and the guest workload. Every section is optional;
 * an absent section or key takes the DEFAULT_* value.
 */
final class EnvironmentReader {
  static final long DEFAULT_MESSAGE_BYTES = 1024;
  static final double DEFAULT_BANDWIDTH_BYTES_PER_SECOND = 200e6;
  static final long DEFAULT_LAZY_DELAY_MILLIS = 1_000;
  static final long DEFAULT_VM_RESTART_MILLIS = 1_000;
  static final long DEFAULT_HOST_DETECT_MILLIS = 2_000;
  static final long DEFAULT_HOST_RESTART_MILLIS = 5_000;
  static final long DEFAULT_INITIAL_BALANCE = 1_000;
  /** R2: drift must stay far below what would move a tick by a whole period. */
  static final double DRIFT_LIMIT = 0.01;

  private EnvironmentReader() {}

  static Network network(YamlValue v) {
    optionalMap(v, List.of("delay", "messageSize"));
    long messageBytes = optional(v.get("messageSize"), YamlValue::positiveBytes,
        DEFAULT_MESSAGE_BYTES);
    YamlValue delay = v.get("delay");
    if (!delay.isPresent()) {
      return new Network(DelayKind.FIXED, 0, 0, messageBytes);
    }
    if (!delay.isMap()) {
      return new Network(DelayKind.FIXED, nonNegative(delay), 0, messageBytes);
    }
    delay.mapWithKeys(List.of("uniform", "exponential"));
    if (delay.has("uniform") == delay.has("exponential")) {
      throw delay.fail("give exactly one of uniform: [min, max], exponential: mean");
    }
    if (delay.has("exponential")) {
      double mean = nonNegative(delay.get("exponential"));
      return new Network(DelayKind.EXPONENTIAL, mean, 0, messageBytes);
    }
    YamlValue bounds = delay.get("uniform");
    List<YamlValue> minMax = bounds.items();
    if (minMax.size() != 2) {
      throw bounds.fail("must be [min, max], got " + minMax.size() + " values");
    }
    double min = nonNegative(minMax.get(0));
    double max = nonNegative(minMax.get(1));
    if (min > max) {
      throw bounds.fail("min must be <= max, got [" + minMax.get(0).raw() + ", "
          + minMax.get(1).raw() + "]");
    }
    return new Network(DelayKind.UNIFORM, min, max, messageBytes);
  }

  static Clock clock(YamlValue v, int hosts) {
    optionalMap(v, List.of("maxDrift", "maxOffset", "drifts", "offsets"));
    double maxDrift = optional(v.get("maxDrift"), d -> {
      double drift = d.number();
      d.check(drift >= 0 && drift < DRIFT_LIMIT, "must be in [0, " + DRIFT_LIMIT + ")");
      return drift;
    }, 0.0);
    double maxOffset = optional(v.get("maxOffset"), EnvironmentReader::nonNegative, 0.0);
    List<Double> drifts = perHost(v.get("drifts"), hosts, d -> {
      double drift = d.number();
      d.check(Math.abs(drift) < DRIFT_LIMIT,
          "must be in (-" + DRIFT_LIMIT + ", " + DRIFT_LIMIT + ")");
      return drift;
    });
    // An explicit offset may be negative: a host whose clock is behind.
    List<Double> offsets = perHost(v.get("offsets"), hosts, YamlValue::millis);
    return new Clock(maxDrift, maxOffset, drifts, offsets);
  }

  static Storage storage(YamlValue v) {
    optionalMap(v, List.of("bandwidth", "lazyDelay", "damage", "logDamage"));
    double bandwidth = optional(v.get("bandwidth"), b -> {
      double bytesPerSecond = b.bytesPerSecond();
      b.check(bytesPerSecond > 0, "must be > 0");
      return bytesPerSecond;
    }, DEFAULT_BANDWIDTH_BYTES_PER_SECOND);
    long lazyDelay = optional(v.get("lazyDelay"), YamlValue::nonNegativeMillis,
        DEFAULT_LAZY_DELAY_MILLIS);
    double damage = optional(v.get("damage"), d -> {
      double p = d.number();
      d.check(p >= 0 && p < 1, "must be a probability in [0, 1)");
      return p;
    }, 0.0);
    double logDamage = optional(v.get("logDamage"), d -> {
      double p = d.number();
      d.check(p >= 0 && p < 1, "must be a probability in [0, 1)");
      return p;
    }, 0.0);
    return new Storage(bandwidth, lazyDelay, damage, logDamage);
  }

  static Recovery recovery(YamlValue v) {
    optionalMap(v, List.of("vmRestart", "hostDetect", "hostRestart", "relocateAfter"));
    return new Recovery(
        optional(v.get("vmRestart"), YamlValue::nonNegativeMillis, DEFAULT_VM_RESTART_MILLIS),
        optional(v.get("hostDetect"), YamlValue::nonNegativeMillis,
            DEFAULT_HOST_DETECT_MILLIS),
        optional(v.get("hostRestart"), YamlValue::nonNegativeMillis,
            DEFAULT_HOST_RESTART_MILLIS),
        optional(v.get("relocateAfter"), YamlValue::nonNegativeMillis, -1L));
  }

  /** {@code workload: bank} is short for {@code workload: {kind: bank}}. */
  static Workload workload(YamlValue v) {
    if (!v.isPresent()) {
      return new Workload(Workload.Kind.TRAFFIC, DEFAULT_INITIAL_BALANCE);
    }
    if (v.isText()) {
      return new Workload(workloadKind(v), DEFAULT_INITIAL_BALANCE);
    }
    v.check(v.isMap(), "must be traffic, bank, or a map {kind, initialBalance}");
    v.mapWithKeys(List.of("kind", "initialBalance"));
    Workload.Kind kind =
        optional(v.get("kind"), EnvironmentReader::workloadKind, Workload.Kind.TRAFFIC);
    long balance = optional(v.get("initialBalance"), b -> {
      long initial = b.integer();
      b.check(initial >= 0, "must be >= 0");
      return initial;
    }, DEFAULT_INITIAL_BALANCE);
    return new Workload(kind, balance);
  }

  private static Workload.Kind workloadKind(YamlValue v) {
    return switch (v.text()) {
      case "traffic" -> Workload.Kind.TRAFFIC;
      case "bank" -> Workload.Kind.BANK;
      default -> throw v.fail("unknown workload '" + v.text() + "' (use traffic or bank)");
    };
  }

  /** One value per host, or an empty list when the key is absent (the simulator draws them). */
  private static List<Double> perHost(YamlValue v, int hosts, Function<YamlValue, Double> read) {
    if (!v.isPresent()) {
      return List.of();
    }
    List<YamlValue> items = v.items();
    if (items.size() != hosts) {
      throw v.fail("must list one value per host (hosts: " + hosts + "), got " + items.size()
          + " values");
    }
    return items.stream().map(read).toList();
  }

  private static void optionalMap(YamlValue v, List<String> keys) {
    if (v.isPresent()) {
      v.mapWithKeys(keys);
    }
  }

  private static double nonNegative(YamlValue duration) {
    double millis = duration.millis();
    duration.check(millis >= 0, "must be >= 0");
    return millis;
  }
}
