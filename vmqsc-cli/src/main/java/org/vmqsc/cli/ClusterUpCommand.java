package org.vmqsc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vmqsc.core.role.ProtocolRegistry;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.storage.S3ObjectStore;
import org.vmqsc.sim.scenario.Scenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc cluster up --scenario S --dir DIR}: writes DIR/cluster.yaml (free local ports, a
 * new secret), starts the manager and one hypervisor per host as separate processes, and returns
 * once every host has joined.
 */
@Command(name = "up", description = "Starts a manager and one hypervisor process per host.")
final class ClusterUpCommand implements Callable<Integer> {
  /**
   * How long every host has to join. 60 s: each process's first mutual-TLS context and handshake
   * cost seconds of CPU at start, and on a loaded two-core machine four JVMs starting at once
   * took over 30 s to join (docs/runtime.md, "Mutual TLS").
   */
  static final long JOIN_TIMEOUT_MILLIS = 60_000;
  /**
   * More join wait per VM: a host boots its VMs (a first checkpoint each) before it joins, and
   * 1,000 VMs on 8 hosts took 57 s to join on a loaded two-core machine (docs/runtime.md).
   */
  static final long JOIN_MILLIS_PER_VM = 90;
  /** More join wait with a replicated manager: its replicas start and elect a leader first. */
  static final long ELECTION_WAIT_MILLIS = 60_000;
  /** After every host joined, how long each has to open its session. */
  static final long SESSION_TIMEOUT_MILLIS = 30_000;

  @Spec CommandSpec spec;
  @Mixin ScenarioOption scenarioOption;

  @Mixin ClusterDirOption cluster; // created if missing; must hold no cluster

  @Mixin ConfigFlags keys; // the other cluster.yaml keys, one flag each

  @Option(names = {"--base-period", "--period"}, paramLabel = "DURATION",
      description = "Overrides the scenario's base period T0 (e.g. 2s).")
  String period;

  @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "vmqsc",
      description = "The protocol the manager and the hypervisors run, by its name in the "
          + "registry (default ${DEFAULT-VALUE}); written to cluster.yaml.")
  String protocol;

  @Option(names = "--memory-image", paramLabel = "SIZE", defaultValue = "1MiB",
      description = "Each VM's checkpoint size (default ${DEFAULT-VALUE}).")
  String memoryImage;

  @Option(names = "--heap", paramLabel = "SIZE",
      description = "Each process's Java heap (e.g. 512MiB; default 256MiB); all of them must "
          + "fit this machine's memory. Written to cluster.yaml.")
  String heap;

  @Option(names = "--heartbeat-timeout", paramLabel = "DURATION",
      description = "Silence after which the manager declares a host failed (default 3s). "
          + "Many VMs on one loaded machine need more: a JVM starved of CPU falls silent "
          + "(1,000 VMs on 2 cores: 10s). Written to cluster.yaml.")
  String heartbeatTimeout;

  @Option(names = "--storage", paramLabel = "URI",
      description = "Stable storage in a bucket of an S3-compatible object store: "
          + "s3://bucket/prefix (default: DIR/storage). The endpoint, region and keys come from "
          + "the options below or AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID and "
          + "AWS_SECRET_ACCESS_KEY. Written to cluster.yaml; checked once before anything starts.")
  String storage;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "The S3 server of --storage (e.g. http://127.0.0.1:9000).")
  String s3Endpoint;

  @Option(names = {"--s3-credentials-file", "--s3-credentials"}, paramLabel = "FILE",
      description = "A file of accessKeyId=... and secretAccessKey=... lines for --storage; "
          + "cluster.yaml names it, the keys stay in it.")
  Path s3Credentials;

  @Option(names = "--managers", paramLabel = "N", defaultValue = "1",
      description = "How many manager processes: 1 (default), or 3 or 5 replicas of it on "
          + "Apache Ratis, which survive 1 or 2 of them down (docs/runtime.md \"Replicated "
          + "manager\").")
  int managers;

  /** How long cluster up waits for every host to join: longer for more VMs. */
  static long joinWaitMillis(int vms) {
    return JOIN_TIMEOUT_MILLIS + JOIN_MILLIS_PER_VM * vms;
  }

  @Override
  public Integer call() throws Exception {
    Scenario scenario = scenarioOption.load();
    try {
      ProtocolRegistry.get(protocol); // before anything is written
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--protocol: "
          + e.getMessage());
    }
    try {
      RuntimeConfig.checkSize(scenario); // a group of 2,000,000 VMs ran out of memory
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--scenario: "
          + e.getMessage());
    }
    try {
      org.vmqsc.runtime.cluster.ManagerReplicas.check(managers);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--managers: "
          + e.getMessage());
    }
    ClusterDir cd = cluster.dir();
    if (Files.exists(cd.config())) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--dir " + cd.dir
          + " already holds a cluster (vmqsc cluster down --dir, then remove it)");
    }
    ClusterSpec cs = writeConfig(cd, scenario);
    String config = cd.config().toString();
    Map<String, ProcessHandle> started = new LinkedHashMap<>();
    for (String m : ClusterDir.managerNames(cs)) {
      started.put(m, cd.launch(m, cd.managerArgs(m)));
    }
    for (int h = 0; h < cs.topology().hosts(); h++) {
      String name = ClusterDir.hostName(h);
      started.put(name, cd.launch(name, List.of("hypervisor", "--id", Integer.toString(h),
          "--config", config)));
    }
    PrintWriter out = spec.commandLine().getOut();
    // Replicas elect a leader before any host can join: seconds on a loaded machine.
    long joinWait = joinWaitMillis(cs.topology().vms())
        + (cs.replicas() == null ? 0 : ELECTION_WAIT_MILLIS);
    try (ClusterClient client = cd.client(cs)) {
      // Stop waiting as soon as a process dies (a port taken meanwhile, say); say how many
      // joined every 10 s, as a large cluster takes a minute.
      long began = System.currentTimeMillis();
      long[] told = {began};
      ClusterDir.await(() -> started.values().stream().anyMatch(p -> !p.isAlive())
          || joined(client, cs, began, told, spec.commandLine().getErr()), joinWait);
      // Then up means alive with its session open: a host counts as alive from its join, and
      // one still booting was once declared failed 3 s later, after cluster up had said "up".
      ClusterDir.await(() -> started.values().stream().anyMatch(p -> !p.isAlive())
          || client.clusterStatus().getHostsList().stream().allMatch(ClusterUpCommand::up)
          || client.clusterStatus().getHostsList().stream().anyMatch(h -> !h.getAlive()),
          SESSION_TIMEOUT_MILLIS);
      for (Map.Entry<String, ProcessHandle> e : started.entrySet()) {
        if (!e.getValue().isAlive()) {
          spec.commandLine().getErr().println("vmqsc: " + e.getKey() + " exited at start: "
              + cd.exitReason(e.getKey()) + " (see " + cd.log(e.getKey()) + "; vmqsc cluster "
              + "down --dir " + cd.dir + " stops the rest)");
          return ErrorHandling.RUNTIME_FAILURE;
        }
      }
      java.util.List<org.vmqsc.runtime.proto.HostLiveness> hosts;
      try {
        hosts = client.clusterStatus().getHostsList();
      } catch (RuntimeException e) {
        hosts = null; // the manager does not answer
      }
      if (hosts == null || !hosts.stream().allMatch(h -> h.getAlive())) {
        spec.commandLine().getErr().println("vmqsc: not every host joined within "
            + joinWait / 1000 + " s, or one was declared failed while starting; see "
            + cd.dir + "/*.log");
        return ErrorHandling.RUNTIME_FAILURE;
      }
      if (!hosts.stream().allMatch(ClusterUpCommand::up)) {
        spec.commandLine().getErr().println("vmqsc: not every host opened its manager session "
            + "within " + SESSION_TIMEOUT_MILLIS / 1000 + " s of joining; see " + cd.dir
            + "/*.log");
        return ErrorHandling.RUNTIME_FAILURE;
      }
    }
    out.printf("cluster up in %s: %s and %d hosts, %d VMs, T0 %d ms%n", cd.dir,
        cs.replicas() == null ? "manager" : cs.replicas().size() + " manager replicas",
        cs.topology().hosts(), cs.topology().vms(), cs.basePeriodMillis());
    int dashboard = RuntimeConfig.metricsPort(cd.config(), -1); // docs/operations.md "Dashboard"
    if (dashboard > 0 && cs.replicas() == null) { // replicas serve no dashboard (ManagerCommand)
      out.printf("dashboard: http://%s:%d/%n", cs.managerBindHost(), dashboard);
    }
    return 0;
  }

  /**
   * Writes the secret and cluster.yaml and reads them back through the one validation the
   * processes use (with the user's --period, say). A refusal takes back what was written, so the
   * user can correct the command and run it again (it used to leave a cluster.yaml behind that
   * made the retry fail and that cluster down could not parse).
   */
  private ClusterSpec writeConfig(ClusterDir cd, Scenario scenario) throws IOException {
    boolean created = !Files.isDirectory(cd.dir);
    Files.createDirectories(cd.dir);
    // A secret file named by --secret-file that exists already is the cluster's (shared with
    // other machines, say): used, never overwritten nor removed.
    Path secret = cd.dir.resolve(keys.secretFile == null ? "secret" : keys.secretFile);
    boolean newSecret = !Files.exists(secret);
    boolean newTls = !Files.exists(cd.dir.resolve("tls"));
    try {
      Map<String, Object> cfg = values(cd, scenario.hosts());
      if (newSecret) {
        ClusterSecret.generate(new SecureRandom()).store(secret);
      }
      Files.writeString(cd.config(), RuntimeConfig.render(cfg));
      ClusterSpec cs = cd.spec();
      checkStorage(cs);
      // The cluster CA and one certificate per process, before any process starts (a process
      // never makes a CA of its own). Kept if the directory has them: a restart reuses them.
      org.vmqsc.runtime.cluster.ClusterTls.issue(cs);
      return cs;
    } catch (RuntimeException | IOException e) {
      Files.deleteIfExists(cd.config());
      if (newSecret) {
        Files.deleteIfExists(secret);
      }
      if (newTls) {
        org.vmqsc.runtime.cluster.Dirs.deleteTree(cd.dir.resolve("tls"));
      }
      if (created) {
        try {
          Files.deleteIfExists(cd.dir);
        } catch (DirectoryNotEmptyException ignored) {
          // someone else put something there meanwhile: theirs to keep
        }
      }
      throw e;
    }
  }

  /**
   * The config's values, key by key in the table's order: the scenario and directory, then every
   * key whose flag was given (or has a default: the memory image, the protocol, the JVM options
   * from the environment), free ports for the ports not given.
   */
  Map<String, Object> values(ClusterDir cd, int hosts) throws IOException {
    if (storage == null && (s3Endpoint != null || s3Credentials != null || keys.s3Region != null)) {
      throw new CommandLine.ParameterException(spec.commandLine(), (s3Endpoint != null
          ? "--s3-endpoint" : s3Credentials != null ? "--s3-credentials-file" : "--s3-region")
          + " needs --storage s3://bucket/prefix");
    }
    List<Integer> free = java.util.Arrays.stream(
        org.vmqsc.runtime.cluster.FreePorts.pick(2 + 3 * hosts)).boxed().toList();
    Map<String, Object> picked = Map.of("managerPort", free.get(0),
        "relayPorts", free.subList(1, 1 + hosts), "controlPorts", free.subList(1 + hosts,
            1 + 2 * hosts), "managerMetricsPort", free.get(1 + 2 * hosts), // docs/operations.md
        "metricsPorts", free.subList(2 + 2 * hosts, free.size()));
    if (managers > 1) { // a replicated manager: its replicas' ports, the first is managerPort
      List<Integer> more = java.util.Arrays.stream(
          org.vmqsc.runtime.cluster.FreePorts.pick(2 * managers)).boxed().toList();
      Object first = spec.findOption("--manager-port").getValue();
      List<Integer> mp = new java.util.ArrayList<>(more.subList(0, managers));
      if (first != null) {
        mp.set(0, Integer.parseInt(first.toString().strip()));
      } else {
        mp.set(0, free.get(0));
      }
      picked = new java.util.HashMap<>(picked);
      picked.put("managerPorts", mp);
      picked.put("ratisPorts", more.subList(managers, 2 * managers));
    }
    Map<String, Object> cfg = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKey.ALL) {
      if (key.name().equals("scenario")) {
        cfg.put("scenario", scenarioPath());
      } else if (key.name().equals("dir")) {
        cfg.put("dir", cd.dir.toString());
      } else {
        Object given = spec.findOption(key.flag()).getValue();
        if (given instanceof Path p) {
          given = p.toAbsolutePath().toString(); // the processes may run elsewhere
        }
        if (given != null && !given.toString().isBlank()) {
          cfg.put(key.name(), key.value(given.toString()));
        } else if (picked.containsKey(key.name())) {
          cfg.put(key.name(), picked.get(key.name()));
        }
      }
    }
    return cfg;
  }

  /**
   * An S3 store is dialled once before any process starts: an unreachable endpoint, a missing
   * bucket or refused keys are one line and exit 2, not hosts that fail to write later.
   */
  private void checkStorage(ClusterSpec cs) {
    if (cs.s3() == null) {
      return;
    }
    try (S3ObjectStore store = new S3ObjectStore(cs.s3())) {
      store.check();
    } catch (IOException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--storage "
          + cs.s3().uri() + ": " + e.getMessage());
    }
  }

  /** Whether every host joined; every 10 s of waiting, says how many have. */
  private static boolean joined(ClusterClient client, ClusterSpec cs, long began, long[] told,
      PrintWriter err) {
    long now = System.currentTimeMillis();
    List<org.vmqsc.runtime.proto.HostLiveness> hosts;
    try {
      hosts = client.clusterStatus().getHostsList();
    } catch (RuntimeException notYet) {
      hosts = List.of(); // the manager is still starting
    }
    long alive = hosts.stream().filter(h -> h.getAlive()).count();
    if (now - told[0] >= 10_000) {
      told[0] = now;
      err.printf("vmqsc: %d of %d hosts joined after %d s%n", alive, cs.topology().hosts(),
          (now - began) / 1000);
      err.flush();
    }
    return !hosts.isEmpty() && alive == hosts.size();
  }

  private static boolean up(org.vmqsc.runtime.proto.HostLiveness h) {
    return h.getAlive() && h.getSessionUp();
  }

  /** A bundled name stays a name; a file becomes absolute (the processes run elsewhere). */
  private String scenarioPath() {
    Path p = Path.of(scenarioOption.nameOrPath);
    return Files.isRegularFile(p) ? p.toAbsolutePath().toString() : scenarioOption.nameOrPath;
  }
}
