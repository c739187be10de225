package org.vmqsc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.vmqsc.core.protocol.VmqscRoles;
import org.vmqsc.core.role.ProtocolRegistry;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.cluster.NetAddress;
import org.vmqsc.runtime.cluster.PeerRates;
import org.vmqsc.runtime.storage.S3Location;
import org.vmqsc.runtime.transport.Endpoints;
import org.vmqsc.sim.scenario.Deployment;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioException;
import org.vmqsc.sim.scenario.ScenarioLoader;
import org.vmqsc.sim.scenario.YamlValue;

/**
 * The runtime's config file: a simulator scenario (groups, VM types, placement, traffic, T0,
 * workload) plus the keys only real processes need, every one of them listed with its unit,
 * default and meaning in {@link ConfigKey#ALL} and docs/config.md (a test holds the two
 * together). It is read as scenario files are ({@link YamlValue}): the same unit grammar
 * (durations like 500ms or 2s, sizes like 1MiB, never a bare number) and the same one-line
 * {@link ScenarioException} naming the file and key (exit status 2). {@code cluster up} writes it
 * with the YAML library ({@link #render}), so any value reads back as it was given.
 */
public final class RuntimeConfig {
  static final String FILE_NAME = "cluster.yaml";
  static final long DEFAULT_MEMORY_IMAGE_BYTES = 1 << 20;
  private static final List<String> KEYS = ConfigKey.names();
  /** Each process's heap unless the config says: enough for 125 VMs a host (docs/runtime.md). */
  static final long DEFAULT_HEAP_BYTES = 256L << 20;
  /** Less than this and a JVM with gRPC and a few VMs does not start. */
  static final long MIN_HEAP_BYTES = 64L << 20;
  /**
   * Heap a hypervisor needs per VM it runs, measured with margin: 12-25 MB live after GC with
   * 125 bank VMs of runtime-1000 each (docs/runtime.md), under 0.2 MiB a VM with the JVM's own.
   * With the cluster's VM limit raised past 1,024 this, not that, is what caps VMs per host.
   */
  static final long HOST_HEAP_PER_VM_BYTES = 200L << 10;

  private final YamlValue root;

  private RuntimeConfig(YamlValue root) {
    this.root = root;
  }

  /** The cluster spec of config file {@code path}. */
  public static ClusterSpec load(Path path) {
    return new RuntimeConfig(ScenarioLoader.readKeys(path).mapWithKeys(KEYS)).spec();
  }

  /** The config file's text for {@code cluster up}: {@code values} by key, as YAML. */
  static String render(Map<String, Object> values) {
    try {
      return "# written by vmqsc cluster up; every key: docs/config.md\n"
          + YAML.writeValueAsString(values);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the config: " + e.getMessage(), e);
    }
  }

  /** Plain YAML: no document marker, strings quoted only where YAML needs it. */
  private static final com.fasterxml.jackson.dataformat.yaml.YAMLMapper YAML =
      com.fasterxml.jackson.dataformat.yaml.YAMLMapper.builder()
          .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .build();

  private ClusterSpec spec() {
    Scenario s = ScenarioLoader.load(text("scenario", null));
    try {
      checkSize(s); // before anything is sized by the VM count
    } catch (IllegalArgumentException e) {
      throw root.get("scenario").fail(e.getMessage());
    }
    Path dir = Path.of(text("dir", null)).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw root.get("dir").fail("directory " + dir + " does not exist");
    }
    Path secret = dir.resolve(text("secretFile", "secret"));
    if (!Files.isRegularFile(secret)) {
      throw root.get("secretFile").fail("file " + secret + " does not exist");
    }
    int managerPort = port(root.get("managerPort").required());
    int[] relay = ports("relayPorts", s.hosts());
    int[] control = ports("controlPorts", s.hosts());
    long t0 = millis("basePeriod", s.basePeriodMillis());
    long image = has("memoryImage") ? root.get("memoryImage").positiveBytes()
        : DEFAULT_MEMORY_IMAGE_BYTES;
    long lazy = millis("lazyDelay", s.storage().lazyDelayMillis());
    long restart = millis("vmRestart", ClusterSpec.DEFAULT_VM_RESTART_MILLIS);
    long heartbeat = millis("heartbeatTimeout", ClusterSpec.DEFAULT_HEARTBEAT_TIMEOUT_MILLIS);
    long relocate = "never".equals(text("relocateAfter", "")) ? -1
        : millis("relocateAfter", ClusterSpec.DEFAULT_RELOCATE_AFTER_MILLIS);
    long seed = has("seed") ? root.get("seed").integer() : s.seed();
    String guest = text("guest", s.workload().kind() == Scenario.Workload.Kind.BANK ? "bank"
        : "traffic");
    boolean bank = guest.equals("bank");
    String guestClass = bank || guest.equals("traffic") ? null : guest;
    if (guestClass != null) {
      try {
        org.vmqsc.runtime.cluster.GuestLoader.constructor(guestClass);
      } catch (IllegalArgumentException e) {
        throw root.get("guest").fail(e.getMessage());
      }
    }
    String protocol = protocol();
    checkHeap(s.hosts(), has("managerAddress") || has("hostAddresses"));
    ProcessOptions.check(root); // logs and JVM options: wrong ones fail here, not in a child
    checkNetns(s.hosts());
    whenFenced(root);
    org.vmqsc.core.config.Topology topology = Deployment.topology(s, image);
    checkVmsPerHost(topology);
    try {
      return new ClusterSpec(topology, t0, peerRates(s), bank,
          bank ? s.workload().initialBalance() : 0, seed, bind(),
          managerPort, relay, control, dir, secret, lazy, restart, heartbeat, relocate,
          protocol, guestClass, addresses(s.hosts()), s3(dir, System.getenv()), null, tls())
          .withReplicas(replicas(managerPort));
    } catch (IllegalArgumentException e) {
      throw root.fail(e.getMessage());
    }
  }

  /**
   * Where stable storage lives when {@code storage:} names a bucket, or null (the cluster
   * directory). What the config leaves out comes from the standard AWS variables in {@code env}.
   * Nothing is dialled here: {@code cluster up} checks the endpoint once before it starts
   * anything ({@link ClusterUpCommand}).
   */
  private S3Location s3(Path dir, Map<String, String> env) {
    if (!has("storage")) {
      for (String k : List.of("s3Endpoint", "s3Region", "s3CredentialsFile")) {
        if (has(k)) {
          throw root.get(k).fail("only with storage: s3://bucket/prefix");
        }
      }
      return null;
    }
    String[] keys = {null, null};
    if (has("s3CredentialsFile")) {
      keys = credentials(dir.resolve(text("s3CredentialsFile", null)));
    }
    try {
      return S3Location.resolve(text("storage", null), has("s3Endpoint")
          ? text("s3Endpoint", null) : null, has("s3Region") ? text("s3Region", null) : null,
          keys[0], keys[1], env);
    } catch (IllegalArgumentException e) {
      throw root.get("storage").fail(e.getMessage());
    }
  }

  /** The access key id and secret of an {@code s3CredentialsFile} (Java properties). */
  private String[] credentials(Path file) {
    YamlValue v = root.get("s3CredentialsFile");
    java.util.Properties p = new java.util.Properties();
    try (java.io.Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (java.io.IOException e) {
      throw v.fail("cannot read " + file + ": " + e.getMessage());
    }
    String id = p.getProperty("accessKeyId", "").strip();
    String secret = p.getProperty("secretAccessKey", "").strip();
    v.check(!id.isEmpty() && !secret.isEmpty(), file + " must give accessKeyId= and "
        + "secretAccessKey=");
    return new String[] {id, secret};
  }

  /** The scenario's traffic, per VM only the peers it sends to (never VMs squared). */
  static PeerRates peerRates(Scenario s) {
    PeerRates.Builder b = PeerRates.builder(s.vmCount());
    Deployment.peerRates(s, b::add);
    return b.build();
  }

  /**
   * The heap (-Xmx) of each process started from config file {@code path}: its {@code heap} key,
   * or the default when it has none (or there is no file yet). Only the launcher reads it.
   */
  static long heapBytes(Path path) {
    if (!Files.isRegularFile(path)) {
      return DEFAULT_HEAP_BYTES;
    }
    YamlValue heap = ScenarioLoader.readKeys(path).mapWithKeys(KEYS).get("heap");
    return heap.isPresent() ? heap.positiveBytes() : DEFAULT_HEAP_BYTES;
  }

  /**
   * A heap smaller than a JVM needs, or heaps that all together (the manager and every host, on
   * this one machine) ask for more memory than it has, are refused in one line before anything
   * starts: the processes would die of an OutOfMemoryError, or the machine swap, later.
   */
  private void checkHeap(int hosts, boolean acrossMachines) {
    if (!has("heap")) {
      return;
    }
    YamlValue v = root.get("heap");
    long heap = v.positiveBytes();
    v.check(heap >= MIN_HEAP_BYTES, "must be at least " + (MIN_HEAP_BYTES >> 20) + "MiB");
    long machine = physicalMemoryBytes();
    long all = heap * (hosts + 1);
    if (!acrossMachines && machine > 0 && all > machine) {
      throw v.fail((hosts + 1) + " processes (the manager and " + hosts + " hosts) of "
          + (heap >> 20) + " MiB each need " + (all >> 20) + " MiB, more than this machine's "
          + (machine >> 20) + " MiB of memory");
    }
  }

  /**
   * A host given more VMs than its heap holds (at the measured {@link #HOST_HEAP_PER_VM_BYTES})
   * is refused in one line with the estimate: it would die of an OutOfMemoryError later.
   */
  private void checkVmsPerHost(org.vmqsc.core.config.Topology topology) {
    int[] onHost = new int[topology.hosts()];
    int most = 0;
    for (int v = 0; v < topology.vms(); v++) {
      most = Math.max(most, ++onHost[topology.hostOf(v)]);
    }
    long heap = has("heap") ? root.get("heap").positiveBytes() : DEFAULT_HEAP_BYTES;
    long need = most * HOST_HEAP_PER_VM_BYTES;
    if (need > heap) {
      throw (has("heap") ? root.get("heap") : root.get("scenario")).fail("a host runs " + most
          + " VMs: ~" + (need >> 20) + " MiB of heap at ~" + (HOST_HEAP_PER_VM_BYTES >> 10)
          + " KiB a VM (measured), more than its " + (heap >> 20) + " MiB heap; use more hosts"
          + " or a larger heap");
    }
  }

  /** This machine's physical memory, or 0 when the JVM cannot tell. */
  static long physicalMemoryBytes() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return 0;
  }

  /** A scenario too large for the runtime is refused, naming the limit (ClusterSpec). */
  static void checkSize(Scenario s) {
    ClusterSpec.checkSize(s.hosts(), s.groups().stream().mapToLong(g -> g.count()).sum());
  }

  /**
   * The port the manager ({@code host} -1) or host {@code host} serves /metrics and /healthz on:
   * {@code managerMetricsPort} or {@code metricsPorts}, else 0 (any free port). Read by the
   * process itself at start, as {@link #heapBytes} is by the launcher.
   */
  static int metricsPort(Path path, int host) {
    RuntimeConfig c = new RuntimeConfig(ScenarioLoader.readKeys(path).mapWithKeys(KEYS));
    YamlValue v = c.root.get(host < 0 ? "managerMetricsPort" : "metricsPorts");
    if (!v.isPresent()) {
      return 0;
    }
    if (host >= 0) {
      List<YamlValue> items = v.items();
      v.check(host < items.size(), "must list a port for host " + host + " (one per host)");
      v = items.get(host);
    }
    int port = v.smallInteger();
    v.check(port >= 0 && port <= 65535, "must be a port in 0..65535 (0: any free port)");
    return port;
  }

  /**
   * Whether a hypervisor the manager fenced joins again by itself ({@code whenFenced: rejoin})
   * rather than exit. Read by the hypervisor process at start, as {@link #metricsPort} is.
   */
  static boolean rejoinWhenFenced(Path path) {
    return whenFenced(ScenarioLoader.readKeys(path).mapWithKeys(KEYS)).equals("rejoin");
  }

  private static String whenFenced(YamlValue root) {
    YamlValue v = root.get("whenFenced");
    if (!v.isPresent()) {
      return "stop";
    }
    String w = v.text().strip();
    v.check(w.equals("stop") || w.equals("rejoin"), "must be stop or rejoin");
    return w;
  }

  /** Where Linux keeps the network namespaces {@code ip netns add} makes. */
  static final Path NETNS_DIR = Path.of("/run/netns");
  private static final java.util.regex.Pattern NETNS_NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /**
   * The network namespace process {@code name} ({@code manager}, replica {@code manager-N} or
   * {@code host-H}) is started in ({@code managerNetns}, replica N's entry of {@code
   * managerNetnses}, {@code hostNetns}), or null: this machine's own. Read by the
   * launcher, as {@link #heapBytes} is.
   */
  static String netns(Path path, String name) {
    if (!Files.isRegularFile(path)) {
      return null;
    }
    YamlValue root = ScenarioLoader.readKeys(path).mapWithKeys(KEYS);
    int dash = name.lastIndexOf('-'); // host-H, manager-N (a replica) or manager
    int n = dash < 0 ? 0 : Integer.parseInt(name.substring(dash + 1));
    if (name.startsWith(ClusterDir.MANAGER)) { // manager, or replica manager-N
      YamlValue each = root.get("managerNetnses");
      if (each.isPresent() && name.startsWith(ClusterDir.MANAGER + "-")) {
        return n < each.items().size() ? each.items().get(n).text() : null;
      }
      YamlValue v = root.get("managerNetns");
      return v.isPresent() ? v.text() : null;
    }
    YamlValue v = root.get("hostNetns");
    return v.isPresent() && n < v.items().size() ? v.items().get(n).text() : null;
  }

  /** Namespaces named by the config: a name ip accepts, one per host, and made already. */
  private void checkNetns(int hosts) {
    List<YamlValue> names = new ArrayList<>();
    if (has("managerNetns")) {
      names.add(root.get("managerNetns"));
    }
    if (has("managerNetnses")) { // one per replica: each at its own address
      YamlValue list = root.get("managerNetnses");
      int replicas = root.get("managerPorts").isPresent()
          ? root.get("managerPorts").items().size() : 0;
      list.check(replicas > 0, "only with managerPorts (a replicated manager; one manager: "
          + "managerNetns)");
      list.check(!has("managerNetns"), "not with managerNetns (that one puts every replica in "
          + "one namespace)");
      list.check(list.items().size() == replicas, "must list " + replicas
          + " namespaces, one per manager replica");
      names.addAll(list.items());
    }
    if (has("hostNetns")) {
      YamlValue list = root.get("hostNetns");
      list.check(list.items().size() == hosts, "must list " + hosts + " namespaces, one per host");
      names.addAll(list.items());
    }
    for (YamlValue v : names) {
      String ns = v.text();
      v.check(NETNS_NAME.matcher(ns).matches(), "is not a namespace name (letters, digits, "
          + "'_', '.', '-')");
      v.check(Files.exists(NETNS_DIR.resolve(ns)), "network namespace " + ns + " does not exist"
          + " (ip netns add " + ns + ", as root)");
    }
  }

  /**
   * {@code tls:} true (the default) or false, a YAML boolean or the word (as {@code --tls}
   * writes it). Anything else is refused rather than read as either: a typo must not turn
   * encryption off.
   */
  private boolean tls() {
    YamlValue v = root.get("tls");
    if (!v.isPresent()) {
      return true;
    }
    String t = v.isText() ? v.text().strip() : v.raw();
    if (t.equals("true") || t.equals("false")) {
      return t.equals("true");
    }
    throw v.fail("must be true or false (false: plaintext, to measure what TLS costs), got "
        + v.raw());
  }

  private boolean has(String key) {
    return root.has(key);
  }

  private String text(String key, String dflt) {
    YamlValue v = root.get(key);
    if (!v.isPresent() && dflt != null) {
      return dflt;
    }
    String text = v.required().text();
    v.check(!text.isBlank(), "must not be empty");
    return text;
  }

  /** A duration in the scenarios' grammar, whole milliseconds, not negative. */
  private long millis(String key, long dflt) {
    YamlValue v = root.get(key);
    return v.isPresent() ? v.nonNegativeMillis() : dflt;
  }

  /** A name in the one registry of protocols; an unknown one fails naming the known ones. */
  private String protocol() {
    String key = text("protocol", VmqscRoles.NAME);
    try {
      return ProtocolRegistry.get(key).name();
    } catch (IllegalArgumentException e) {
      throw root.get("protocol").fail(e.getMessage());
    }
  }

  private static int port(YamlValue v) {
    int port = v.smallInteger();
    v.check(port >= 1 && port <= 65535, "must be a port in 1..65535");
    return port;
  }

  /**
   * The manager's Ratis replicas ({@code managerPorts}, {@code ratisPorts}, {@code
   * managerAddresses}), or null: one manager process on {@code managerPort}.
   */
  private org.vmqsc.runtime.cluster.ManagerReplicas replicas(int managerPort) {
    YamlValue mp = root.get("managerPorts");
    if (!mp.isPresent()) {
      for (String k : List.of("ratisPorts", "managerAddresses")) {
        if (has(k)) {
          throw root.get(k).fail("only with managerPorts (a replicated manager)");
        }
      }
      return null;
    }
    int n = mp.items().size();
    try {
      org.vmqsc.runtime.cluster.ManagerReplicas.check(n);
    } catch (IllegalArgumentException e) {
      throw mp.fail(e.getMessage());
    }
    int[] manager = listOfPorts("managerPorts", n);
    mp.check(manager[0] == managerPort, "its first port must be managerPort (" + managerPort
        + ")");
    int[] ratis = listOfPorts("ratisPorts", n);
    List<String> where = new ArrayList<>();
    YamlValue list = root.get("managerAddresses");
    if (!list.isPresent()) {
      where.addAll(Collections.nCopies(n, text("managerAddress", text("bind", "127.0.0.1"))));
    } else {
      list.check(list.items().size() == n, "must list " + n + " addresses, one per replica");
      for (YamlValue a : list.items()) {
        where.add(address(a, a.text()));
      }
    }
    return org.vmqsc.runtime.cluster.ManagerReplicas.on(where, manager, ratis);
  }

  private int[] listOfPorts(String key, int n) {
    YamlValue list = root.get(key).required();
    List<YamlValue> items = list.items();
    list.check(items.size() == n, "must list " + n + " ports, one per manager replica");
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = port(items.get(i));
    }
    return out;
  }

  /** Where the processes run when they span machines, or null (all on {@code bind}). */
  private ClusterSpec.Addresses addresses(int hosts) {
    if (!has("managerAddress") && !has("hostAddresses")) {
      return null;
    }
    String bind = bind();
    List<String> addrs = new ArrayList<>();
    YamlValue list = root.get("hostAddresses");
    if (!list.isPresent()) {
      addrs.addAll(Collections.nCopies(hosts, bind));
    } else {
      List<YamlValue> items = list.items();
      list.check(items.size() == hosts, "must list " + hosts + " addresses, one per host");
      for (YamlValue a : items) {
        addrs.add(address(a, a.text()));
      }
    }
    String manager = has("managerAddress")
        ? address(root.get("managerAddress"), text("managerAddress", null)) : bind;
    return new ClusterSpec.Addresses(manager, addrs);
  }

  /** An address others dial ({@link NetAddress}); a mistyped one fails here, naming the key. */
  private static String address(YamlValue v, String text) {
    String problem = NetAddress.problemToDial(text.strip());
    v.check(problem == null, problem);
    return text.strip();
  }

  /** What every process listens on: an address, a wildcard included. */
  private String bind() {
    String bind = text("bind", Endpoints.DEFAULT_BIND_HOST);
    String problem = NetAddress.problem(bind);
    root.get("bind").check(problem == null, problem);
    return bind;
  }

  private int[] ports(String key, int hosts) {
    YamlValue list = root.get(key).required();
    List<YamlValue> items = list.items();
    list.check(items.size() == hosts, "must list " + hosts + " ports, one per host");
    int[] out = new int[hosts];
    for (int i = 0; i < hosts; i++) {
      out[i] = port(items.get(i));
    }
    return out;
  }
}
