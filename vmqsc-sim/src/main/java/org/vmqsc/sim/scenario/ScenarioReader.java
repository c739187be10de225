package org.vmqsc.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmqsc.sim.scenario.Scenario.Failure;
import org.vmqsc.sim.scenario.Scenario.Failures;
import org.vmqsc.sim.scenario.Scenario.Flow;
import org.vmqsc.sim.scenario.Scenario.Group;

/**
 * Turns a parsed scenario tree into a {@link Scenario}: the world's shape (groups, traffic,
 * failures) here, the environment (network, clocks, storage...) in {@link EnvironmentReader}.
 * Every rule of the file format is checked here, so the record only ever holds valid values.
 */
final class ScenarioReader {
  static final long DEFAULT_SEED = 1;
  static final int DEFAULT_HOSTS = 1;
  static final long DEFAULT_CHECKPOINT_BYTES = 16L << 20;
  static final int ROUND_ROBIN = -1;

  private static final List<String> TOP_KEYS = List.of("name", "basePeriod", "duration", "seed",
      "hosts", "groups", "traffic", "network", "clock", "storage", "recovery", "workload",
      "failures");
  private static final List<String> GROUP_KEYS =
      List.of("name", "count", "type", "host", "checkpointSize");
  private static final List<String> FLOW_KEYS = List.of("from", "to", "rate", "peers");
  private static final Pattern MI_TYPE = Pattern.compile("MI(\\d{1,9})");
  private static final String TYPE_HINT = "use SI, or MI<k> with k >= 2";
  private static final String FAILURE_FORMS =
      "must be exactly one of {vm, at}, {host, at}, {vmMtbf}, {hostMtbf}";

  private ScenarioReader() {}

  static Scenario read(JsonNode tree, String file) {
    YamlValue root = YamlValue.root(file, tree).mapWithKeys(TOP_KEYS);
    String name = optional(root.get("name"), ScenarioReader::nonEmptyText, defaultName(file));
    long basePeriod = root.get("basePeriod").required().positiveMillis();
    long duration = root.get("duration").required().positiveMillis();
    long seed = optional(root.get("seed"), YamlValue::integer, DEFAULT_SEED);
    int hosts = optional(root.get("hosts"), v -> atLeast(v, 1), DEFAULT_HOSTS);
    List<Group> groups = groups(root.get("groups"), hosts);
    int vms = groups.stream().mapToInt(Group::count).sum();
    return new Scenario(name, basePeriod, duration, seed, hosts, groups,
        traffic(root.get("traffic"), groups),
        EnvironmentReader.network(root.get("network")),
        EnvironmentReader.clock(root.get("clock"), hosts),
        EnvironmentReader.storage(root.get("storage")),
        EnvironmentReader.recovery(root.get("recovery")),
        EnvironmentReader.workload(root.get("workload")),
        failures(root.get("failures"), vms, hosts));
  }

  /** Reads {@code v} if the key is there, else gives {@code fallback}. */
  static <T> T optional(YamlValue v, Function<YamlValue, T> read, T fallback) {
    return v.isPresent() ? read.apply(v) : fallback;
  }

  /** "mix.yaml" and "dir/mix.yaml" both name the scenario "mix". */
  static String defaultName(String file) {
    String base = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    return base.replaceFirst("\\.ya?ml$", "");
  }

  private static List<Group> groups(YamlValue list, int hosts) {
    List<YamlValue> items = list.required().items();
    if (items.isEmpty()) {
      throw list.fail("must list at least one group");
    }
    Map<String, String> pathOfName = new HashMap<>();
    List<Group> groups = new ArrayList<>();
    long vms = 0;
    for (YamlValue item : items) {
      item.mapWithKeys(GROUP_KEYS);
      YamlValue nameValue = item.get("name").required();
      String name = nonEmptyText(nameValue);
      String earlier = pathOfName.putIfAbsent(name, nameValue.path());
      if (earlier != null) {
        throw nameValue.fail("duplicate group name '" + name + "' (also " + earlier + ")");
      }
      int count = atLeast(item.get("count").required(), 1);
      int k = typeK(item.get("type").required());
      int host = optional(item.get("host"), v -> index(v, hosts, "hosts"), ROUND_ROBIN);
      long checkpointBytes = optional(item.get("checkpointSize"), YamlValue::positiveBytes,
          DEFAULT_CHECKPOINT_BYTES);
      vms += count;
      // VM ids are ints in the model (Scenario.vmCount()).
      if (vms > Integer.MAX_VALUE) {
        throw item.get("count").fail("brings the total over " + Integer.MAX_VALUE + " VMs");
      }
      groups.add(new Group(name, count, k, host, checkpointBytes));
    }
    return groups;
  }

  /** 1 for SI, k for MI_k (k >= 2; an "MI1" would be an SI VM under a misleading name). */
  private static int typeK(YamlValue v) {
    String type = v.text();
    if (type.equals("SI")) {
      return 1;
    }
    Matcher m = MI_TYPE.matcher(type);
    if (!m.matches()) {
      throw v.fail("unknown type '" + type + "' (" + TYPE_HINT + ")");
    }
    int k = Integer.parseInt(m.group(1));
    if (k < 2) {
      throw v.fail("type '" + type + "' needs k >= 2 (" + TYPE_HINT + ")");
    }
    return k;
  }

  private static List<Flow> traffic(YamlValue list, List<Group> groups) {
    if (!list.isPresent()) {
      return List.of();
    }
    List<String> names = groups.stream().map(Group::name).toList();
    // Two entries for one pair are almost surely an edit mistake, so refuse rather than add up.
    Map<String, String> pathOfPair = new LinkedHashMap<>();
    List<Flow> flows = new ArrayList<>();
    for (YamlValue item : list.items()) {
      item.mapWithKeys(FLOW_KEYS);
      String from = groupName(item.get("from").required(), names);
      String to = groupName(item.get("to").required(), names);
      YamlValue rateValue = item.get("rate").required();
      double rate = rateValue.number();
      rateValue.check(rate >= 0, "must be >= 0");
      String earlier = pathOfPair.putIfAbsent(from + " -> " + to, item.path());
      if (earlier != null) {
        throw item.fail("flow " + from + " -> " + to + " given twice (also " + earlier + ")");
      }
      int peers = optional(item.get("peers"), v -> peers(v, groups, from, to), Flow.ALL_PEERS);
      flows.add(new Flow(from, to, rate, peers));
    }
    return flows;
  }

  /** Fan-out: 1..(VMs of the target group other than the sender). */
  private static int peers(YamlValue v, List<Group> groups, String from, String to) {
    int k = atLeast(v, 1);
    int receivers = groups.stream().filter(g -> g.name().equals(to)).findFirst().orElseThrow()
        .count();
    int available = receivers - (from.equals(to) ? 1 : 0);
    v.check(k <= available, "must be <= " + available + " (the VMs of '" + to + "'"
        + (from.equals(to) ? " other than the sender" : "") + ")");
    return k;
  }

  private static String groupName(YamlValue v, List<String> names) {
    String name = v.text();
    if (!names.contains(name)) {
      throw v.fail("no group named '" + name + "' (groups: " + String.join(", ", names) + ")");
    }
    return name;
  }

  private static Failures failures(YamlValue list, int vms, int hosts) {
    if (!list.isPresent()) {
      return Failures.none();
    }
    List<Failure> at = new ArrayList<>();
    long vmMtbf = 0;
    long hostMtbf = 0;
    String vmMtbfPath = null;
    String hostMtbfPath = null;
    for (YamlValue item : list.items()) {
      switch (failureForm(item)) {
        case "vm" -> at.add(failureAt(item, "vm", vms, "total VMs"));
        case "host" -> at.add(failureAt(item, "host", hosts, "hosts"));
        case "vmMtbf" -> {
          onlyOnce(item, "vmMtbf", vmMtbfPath);
          vmMtbf = item.mapWithKeys(List.of("vmMtbf")).get("vmMtbf").positiveMillis();
          vmMtbfPath = item.path();
        }
        default -> {
          onlyOnce(item, "hostMtbf", hostMtbfPath);
          hostMtbf = item.mapWithKeys(List.of("hostMtbf")).get("hostMtbf").positiveMillis();
          hostMtbfPath = item.path();
        }
      }
    }
    return new Failures(at, vmMtbf, hostMtbf);
  }

  /** Which of the four item forms {@code item} is, told by its one distinguishing key. */
  private static String failureForm(YamlValue item) {
    item.check(item.isMap(), FAILURE_FORMS);
    List<String> forms = List.of("vm", "host", "vmMtbf", "hostMtbf").stream()
        .filter(item::has).toList();
    if (forms.size() != 1) {
      throw item.fail(FAILURE_FORMS);
    }
    return forms.get(0);
  }

  private static Failure failureAt(YamlValue item, String kind, int limit, String limitName) {
    item.mapWithKeys(List.of(kind, "at"));
    int target = index(item.get(kind), limit, limitName);
    long atMillis = item.get("at").required().nonNegativeMillis();
    return new Failure(kind.equals("host"), target, atMillis);
  }

  private static void onlyOnce(YamlValue item, String key, String earlierPath) {
    if (earlierPath != null) {
      throw item.get(key).fail("given twice (also " + earlierPath + ")");
    }
  }

  private static int atLeast(YamlValue v, int min) {
    int value = v.smallInteger();
    v.check(value >= min, "must be >= " + min);
    return value;
  }

  /** An index into {@code 0..limit-1}, e.g. a host number or a VM id. */
  private static int index(YamlValue v, int limit, String limitName) {
    int value = v.smallInteger();
    v.check(value >= 0 && value < limit,
        "must be in 0.." + (limit - 1) + " (" + limitName + ": " + limit + ")");
    return value;
  }

  private static String nonEmptyText(YamlValue v) {
    String text = v.text();
    v.check(!text.isBlank(), "must not be empty");
    return text;
  }
}
