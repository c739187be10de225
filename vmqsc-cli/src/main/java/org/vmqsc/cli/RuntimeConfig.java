package org.vmqsc.cli;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmqsc.core.protocol.Topology;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioException;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * The runtime's config file: a simulator scenario (groups, VM types, placement, traffic, T0,
 * workload) plus the keys only real processes need. Every problem is one
 * {@link ScenarioException} line naming the file and key (exit status 2).
 *
 * <pre>
 * scenario: paper-fig2          # required: a bundled scenario or a scenario file
 * dir: /var/lib/vmqsc/c1        # required, must exist: storage, manager state, pids, logs
 * managerPort: 7000             # required
 * relayPorts: [7001, 7002]      # required, one per host: peer relay (R7)
 * controlPorts: [7101, 7102]    # required, one per host: recovery phases and admin
 * basePeriod: 1s                # T0 (default: the scenario's)
 * secretFile: secret            # default DIR/secret; relative to DIR
 * bind: 127.0.0.1               # what every process listens on (0.0.0.0 across machines)
 * managerAddress: 10.0.0.1      # across machines: where the manager runs (default: bind)
 * hostAddresses: [10.0.0.2, 10.0.0.3]   # and each host, one per host (default: bind)
 * memoryImage: 1MiB             # each VM's checkpoint size (the scenario's is for simulation)
 * lazyDelay: 2s                 # R10 (default: the scenario's storage.lazyDelay)
 * vmRestart: 1s                 # a failed VM's downtime before its hypervisor restores it
 * heartbeatTimeout: 3s          # silence after which the manager declares a host failed
 * relocateAfter: 30s            # a failed host away this long: its VMs restart elsewhere
 *                               # (R9, D14); "never" waits for the host
 * seed: 1                       # traffic generators (default: the scenario's)
 * guest: bank                   # bank | traffic | a class: a concrete org.vmqsc.core.guest.Guest
 *                               # with a public (int vm, Ledger ledger) constructor
 *                               # (default: the scenario's workload)
 * protocol: vmqsc               # vmqsc (default) | none | pessimistic: what hypervisors drive;
 *                               # none and pessimistic are baselines for benchmarks and do not
 *                               # recover failures (fail vm/host, restart host are refused)
 * </pre>
 */
public final class RuntimeConfig {
  static final String FILE_NAME = "cluster.yaml";
  static final long DEFAULT_MEMORY_IMAGE_BYTES = 1 << 20;
  private static final Set<String> KEYS = Set.of("scenario", "dir", "managerPort", "relayPorts",
      "controlPorts", "basePeriod", "secretFile", "bind", "memoryImage", "lazyDelay",
      "vmRestart", "heartbeatTimeout", "relocateAfter", "seed", "protocol", "guest", "managerAddress", "hostAddresses");
  private static final ObjectMapper MAPPER = new ObjectMapper(
      YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private final String file;
  private final JsonNode root;

  private RuntimeConfig(String file, JsonNode root) {
    this.file = file;
    this.root = root;
  }

  /** The cluster spec of config file {@code path}. */
  public static ClusterSpec load(Path path) {
    String label = path.toString();
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(path));
    } catch (IOException e) {
      throw new ScenarioException(label, "(file)", "cannot read: " + e.getMessage()
          .lines().findFirst().orElse(e.toString()));
    }
    if (root == null || !root.isObject()) {
      throw new ScenarioException(label, "(top level)", "must be a mapping of keys");
    }
    return new RuntimeConfig(label, root).spec();
  }

  /** The config file's text for {@code cluster up} (keys as documented above). */
  static String render(Map<String, Object> values) {
    StringBuilder b = new StringBuilder("# written by vmqsc cluster up\n");
    values.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
    return b.toString();
  }

  private ClusterSpec spec() {
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw bad(k, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(KEYS))
            + ")");
      }
    }
    Scenario s = ScenarioLoader.load(text("scenario", null));
    Path dir = Path.of(text("dir", null)).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw bad("dir", "directory " + dir + " does not exist");
    }
    Path secret = dir.resolve(text("secretFile", "secret"));
    if (!Files.isRegularFile(secret)) {
      throw bad("secretFile", "file " + secret + " does not exist");
    }
    int managerPort = port("managerPort", root.get("managerPort"));
    int[] relay = ports("relayPorts", s.hosts());
    int[] control = ports("controlPorts", s.hosts());
    long t0 = millis("basePeriod", s.basePeriodMillis());
    long image = bytes("memoryImage", DEFAULT_MEMORY_IMAGE_BYTES);
    long lazy = millis("lazyDelay", s.storage().lazyDelayMillis());
    long restart = millis("vmRestart", ClusterSpec.DEFAULT_VM_RESTART_MILLIS);
    long heartbeat = millis("heartbeatTimeout", ClusterSpec.DEFAULT_HEARTBEAT_TIMEOUT_MILLIS);
    long relocate = "never".equals(text("relocateAfter", "")) ? -1
        : millis("relocateAfter", ClusterSpec.DEFAULT_RELOCATE_AFTER_MILLIS);
    long seed = root.has("seed") ? root.get("seed").asLong() : s.seed();
    Topology topo = topology(s, image);
    String guest = text("guest", s.workload().kind() == Scenario.Workload.Kind.BANK ? "bank"
        : "traffic");
    boolean bank = guest.equals("bank");
    String guestClass = bank || guest.equals("traffic") ? null : guest;
    if (guestClass != null) {
      try {
        org.vmqsc.runtime.cluster.GuestLoader.constructor(guestClass);
      } catch (IllegalArgumentException e) {
        throw bad("guest", e.getMessage());
      }
    }
    ClusterSpec.Protocol protocol = protocol();
    try {
      return new ClusterSpec(topo, t0, peerRates(s), bank,
          bank ? s.workload().initialBalance() : 0, seed, text("bind", "127.0.0.1"),
          managerPort, relay, control, dir, secret, lazy, restart, heartbeat, relocate,
          protocol, guestClass, addresses(s.hosts()));
    } catch (IllegalArgumentException e) {
      throw bad("(top level)", e.getMessage());
    }
  }

  private static Topology topology(Scenario s, long imageBytes) {
    int n = s.vmCount();
    int[] k = new int[n];
    int[] host = new int[n];
    long[] bytes = new long[n];
    int v = 0;
    for (Scenario.Group g : s.groups()) {
      for (int i = 0; i < g.count(); i++, v++) {
        k[v] = g.k();
        host[v] = g.host() >= 0 ? g.host() : v % s.hosts(); // as the simulator places them
        bytes[v] = imageBytes;
      }
    }
    return new Topology(k, host, bytes, s.hosts(), s.network().messageBytes());
  }

  /**
   * The simulator's traffic model per peer: a flow G->H of rate r is what each receiver gets from
   * the whole group G, so each sender sends r·|H|/|G| on it, spread evenly over its receivers.
   */
  static double[][] peerRates(Scenario s) {
    int n = s.vmCount();
    Map<String, int[]> groups = new LinkedHashMap<>();
    int v = 0;
    for (Scenario.Group g : s.groups()) {
      groups.put(g.name(), new int[] {v, g.count()});
      v += g.count();
    }
    double[][] rates = new double[n][n];
    for (Scenario.Flow f : s.traffic()) {
      int[] from = groups.get(f.from());
      int[] to = groups.get(f.to());
      boolean same = f.from().equals(f.to());
      int receivers = to[1] - (same ? 1 : 0);
      if (receivers <= 0 || f.ratePerSecond() <= 0) {
        continue;
      }
      double perPeer = f.ratePerSecond() * to[1] / from[1] / receivers;
      for (int a = from[0]; a < from[0] + from[1]; a++) {
        for (int b = to[0]; b < to[0] + to[1]; b++) {
          if (a != b) {
            rates[a][b] += perPeer;
          }
        }
      }
    }
    return rates;
  }

  private String text(String key, String dflt) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      if (dflt == null) {
        throw bad(key, "missing (required)");
      }
      return dflt;
    }
    if (!n.isValueNode() || n.asText().isBlank()) {
      throw bad(key, "must be a non-empty text");
    }
    return n.asText();
  }

  private ClusterSpec.Protocol protocol() {
    String key = text("protocol", ClusterSpec.Protocol.VMQSC.key());
    try {
      return ClusterSpec.Protocol.ofKey(key);
    } catch (IllegalArgumentException e) {
      throw bad("protocol", e.getMessage());
    }
  }

  private int port(String key, JsonNode n) {
    if (n == null || n.isNull()) {
      throw bad(key, "missing (required)");
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > 65535) {
      throw bad(key, "port must be an integer in 1..65535, got " + n);
    }
    return n.asInt();
  }

  /** Where the processes run when they span machines, or null (all on {@code bind}). */
  private ClusterSpec.Addresses addresses(int hosts) {
    if (!root.has("managerAddress") && !root.has("hostAddresses")) {
      return null;
    }
    String bind = text("bind", "127.0.0.1");
    List<String> addrs = new ArrayList<>();
    JsonNode n = root.get("hostAddresses");
    if (n == null) {
      addrs.addAll(java.util.Collections.nCopies(hosts, bind));
    } else {
      if (!n.isArray() || n.size() != hosts) {
        throw bad("hostAddresses", "must list " + hosts + " addresses, one per host");
      }
      for (JsonNode a : n) {
        if (!a.isTextual() || a.asText().isBlank() || a.asText().contains(" ")) {
          throw bad("hostAddresses", "\"" + a.asText() + "\" is not a host name or address");
        }
        addrs.add(a.asText());
      }
    }
    return new ClusterSpec.Addresses(text("managerAddress", bind), addrs);
  }

  private int[] ports(String key, int hosts) {
    JsonNode n = root.get(key);
    if (n == null || !n.isArray() || n.size() != hosts) {
      throw bad(key, "must list " + hosts + " ports, one per host");
    }
    int[] out = new int[hosts];
    for (int i = 0; i < hosts; i++) {
      out[i] = port(key + "[" + i + "]", n.get(i));
    }
    return out;
  }

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

  private long millis(String key, long dflt) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return dflt;
    }
    Matcher m = DURATION.matcher(n.asText().trim());
    if (!m.matches()) {
      throw bad(key, "duration like 500ms, 2s or 1m expected, got \"" + n.asText() + "\"");
    }
    double x = Double.parseDouble(m.group(1));
    double scale = switch (m.group(2)) {
      case "ms" -> 1;
      case "s" -> 1000;
      default -> 60_000;
    };
    return Math.round(x * scale);
  }

  private long bytes(String key, long dflt) {
    JsonNode n = root.get(key);
    if (n == null || n.isNull()) {
      return dflt;
    }
    Matcher m = SIZE.matcher(n.asText().trim());
    if (!m.matches()) {
      throw bad(key, "size like 512KiB or 1MiB expected, got \"" + n.asText() + "\"");
    }
    long x = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    return x << switch (unit) {
      case "KiB" -> 10;
      case "MiB" -> 20;
      case "GiB" -> 30;
      default -> 0;
    };
  }

  private ScenarioException bad(String key, String problem) {
    return new ScenarioException(file, key, problem);
  }
}
