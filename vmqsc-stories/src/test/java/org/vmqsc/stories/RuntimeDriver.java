package org.vmqsc.stories;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmqsc.cli.RuntimeConfig;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.cluster.Dirs;
import org.vmqsc.runtime.cluster.FreePorts;
import org.vmqsc.runtime.cluster.LedgerWire;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.VmLedger;
import org.vmqsc.runtime.storage.ItemName;

/**
 * The stories on the real runtime: the same {@code paper-fig2} cluster, written as a
 * {@code cluster.yaml} the way a user would write it, with manager and hypervisor nodes started by
 * a {@link Nodes} (in this JVM, or as processes). What the guests hold is read through the admin
 * API, as {@code vmqsc traffic off --check} does; the manager's status is only waited on.
 */
final class RuntimeDriver implements ClusterDriver {
  /** How the nodes of a cluster start and die. */
  interface Nodes extends AutoCloseable {
    void startManager() throws Exception;

    void killManager() throws Exception;

    void startHost(int host) throws Exception;

    /** The host dies as a crash would: its staged writes and connections are lost. */
    void killHost(int host) throws Exception;

    /** Makes the nodes of one cluster, from its spec and its config file. */
    interface Maker {
      Nodes make(ClusterSpec spec, Path config) throws Exception;
    }
  }

  /** Times of one kind of runtime: base period, and how long a bounded wait may take. */
  record Timing(long basePeriodMillis, long heartbeatMillis, long waitMillis) {}

  private final Path dir;
  private final ClusterSpec spec;
  private final Timing timing;
  private final Nodes nodes;
  private final ClusterClient client;

  RuntimeDriver(Path dir, Setup setup, Timing timing, Nodes.Maker maker) throws Exception {
    if (!setup.rules().equals(org.vmqsc.core.config.Rules.ALL)) {
      throw new IllegalArgumentException("the runtime always runs every rule");
    }
    this.dir = dir;
    this.timing = timing;
    Files.createDirectories(dir);
    ClusterSecret.generate(new SecureRandom()).store(dir.resolve("secret"));
    Path config = dir.resolve("cluster.yaml");
    Files.writeString(config, yaml(dir, setup, timing));
    this.spec = RuntimeConfig.load(config);
    org.vmqsc.runtime.cluster.ClusterTls.issue(spec); // the CA and every process's certificate
    this.nodes = maker.make(spec, config);
    this.client = new ClusterClient(spec, ClusterSecret.load(spec.secretFile()));
    try {
      nodes.startManager();
      for (int h = 0; h < spec.topology().hosts(); h++) {
        nodes.startHost(h);
      }
      await(() -> status().getHostsList().stream().allMatch(h -> h.getAlive()),
          "every host joined");
    } catch (Exception | AssertionError e) {
      close(); // the story never gets a driver to close: stop what did start
      throw e;
    }
  }

  private static String yaml(Path dir, Setup setup, Timing t) throws Exception {
    int[] p = FreePorts.pick(5);
    long t0 = t.basePeriodMillis();
    String relocate = setup.relocateAfterMillis() < 0 ? "never"
        : setup.relocateAfterMillis() + "ms";
    return String.join("\n",
        "scenario: paper-fig2",
        "dir: '" + dir.toAbsolutePath() + "'",
        "managerPort: " + p[0],
        "relayPorts: [" + p[1] + ", " + p[2] + "]",
        "controlPorts: [" + p[3] + ", " + p[4] + "]",
        "basePeriod: " + t0 + "ms",
        "memoryImage: 64KiB",
        "lazyDelay: " + 2 * t0 + "ms",
        "vmRestart: " + t0 + "ms",
        "heartbeatTimeout: " + t.heartbeatMillis() + "ms",
        "relocateAfter: " + relocate,
        "protocol: " + setup.protocol(), "");
  }

  @Override
  public int vms() {
    return spec.topology().vms();
  }

  @Override
  public int hosts() {
    return spec.topology().hosts();
  }

  @Override
  public int hostOf(int vm) {
    return status().getVmHost(vm);
  }

  private ClusterStatusResponse status() {
    return client.clusterStatus();
  }

  @Override
  public void awaitDurableLine(int line) throws Exception {
    await(() -> status().getDurableLine() >= line, "durable line " + line);
  }

  @Override
  public void runPeriods(int periods) throws InterruptedException {
    Thread.sleep(periods * timing.basePeriodMillis()); // real time passes: that is the point
  }

  @Override
  public void failVmAndAwaitRestore(int vm) throws Exception {
    if (!client.failVm(vm)) {
      throw new AssertionError("vm " + vm + " could not be failed");
    }
    await(() -> ledger(vm).getUp(), "vm " + vm + " restored");
  }

  private VmLedger ledger(int vm) {
    for (VmLedger l : client.ledgers(client.hostOf(vm)).getVmsList()) {
      if (l.getVm() == vm) {
        return l;
      }
    }
    throw new IllegalStateException("vm " + vm + " not on its host yet");
  }

  @Override
  public void failHost(int host) throws Exception {
    nodes.killHost(host);
    await(() -> !status().getHosts(host).getAlive(), "host " + host + " seen failed");
  }

  /** Flips one byte in the middle of the file, as rot on a real disk would. */
  @Override
  public void damageCheckpointOfDurableLine(int vm) throws Exception {
    int line = status().getDurableLine();
    Path file;
    try (java.util.stream.Stream<Path> files = Files.list(
        spec.storageDir().resolve(ItemName.vmDirName(vm)))) {
      file = files.filter(p -> {
        ItemName n = ItemName.parse(p.getFileName().toString());
        return n != null && n.checkpoint() && n.interval() <= line;
      }).max(java.util.Comparator.comparingInt(
          p -> ItemName.parse(p.getFileName().toString()).interval())).orElseThrow();
    }
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x40);
    }
  }

  @Override
  public boolean lastRecoveryFellBack() {
    return status().getLastDamagedLine() >= 0;
  }

  @Override
  public void awaitWritesPending(int host) throws Exception {
    await(() -> client.status(host).getVmsList().stream()
        .anyMatch(v -> !v.getLastCheckpointDurable()), "host " + host + " writing lazily");
  }

  @Override
  public void restartHosts(int... hosts) throws Exception {
    int before = status().getRecoveries();
    for (int h : hosts) {
      nodes.startHost(h);
    }
    await(() -> status().getRecoveries() > before && allUp(), "hosts recovered");
  }

  @Override
  public void awaitRelocated(int host) throws Exception {
    await(() -> {
      ClusterStatusResponse s = status();
      return s.getVmHostList().stream().noneMatch(h -> h == host) && allUp();
    }, "host " + host + "'s VMs running elsewhere");
  }

  private boolean allUp() {
    List<VmLedger> all = client.allLedgers();
    return all.size() == vms() && all.stream().allMatch(VmLedger::getUp);
  }

  @Override
  public void restartManager() throws Exception {
    nodes.killManager();
    runPeriods(2); // the hosts run on without a manager
    nodes.startManager();
    await(() -> status().getHostsList().stream().allMatch(h -> h.getAlive()),
        "manager back, every host in session");
  }

  @Override
  public List<GuestView> guests() {
    List<GuestView> out = new ArrayList<>();
    List<VmLedger> all = client.allLedgers();
    for (VmLedger l : all) {
      if (!l.getUp()) {
        throw new AssertionError("vm " + l.getVm() + " is down");
      }
      int[] sent = new int[all.size()];
      int[] recv = new int[all.size()];
      for (org.vmqsc.runtime.proto.PeerLedger c : LedgerWire.channels(l)) {
        sent[c.getPeer()] = c.getSentCount();
        recv[c.getPeer()] = c.getRecvCount();
      }
      out.add(new GuestView(l.getVm(), l.getBalance(), sent, recv));
    }
    out.sort((a, b) -> Integer.compare(a.vm(), b.vm()));
    return out;
  }

  /**
   * Traffic off, then the guests once what was in flight has landed: the cluster has no "quiet"
   * signal, so this waits until the guests' ledgers pass the checks, or until the bounded wait
   * ends and returns them as they are for the story to judge.
   */
  @Override
  public List<GuestView> quiesce() throws Exception {
    client.setTraffic(false);
    long deadline = System.currentTimeMillis() + timing.waitMillis();
    List<GuestView> g = guestsOrNull();
    while (System.currentTimeMillis() < deadline
        && (g == null || !QuietChecks.problems(g, initialBalance()).isEmpty())) {
      Thread.sleep(100);
      g = guestsOrNull();
    }
    return g == null ? guests() : g;
  }

  private List<GuestView> guestsOrNull() {
    try {
      List<GuestView> g = guests();
      return g.size() == vms() ? g : null;
    } catch (RuntimeException | AssertionError e) {
      return null; // a VM still down or a node still starting: ask again
    }
  }

  @Override
  public List<String> violations() {
    return List.of(); // the runtime has no oracle of its own yet (issue 9)
  }

  @Override
  public long initialBalance() {
    return spec.initialBalance();
  }

  private void await(Callable<Boolean> cond, String what) throws Exception {
    long deadline = System.currentTimeMillis() + timing.waitMillis();
    while (System.currentTimeMillis() < deadline) {
      try {
        if (cond.call()) {
          return;
        }
      } catch (RuntimeException e) {
        // a node is starting or stopping; ask again
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out after " + timing.waitMillis() + " ms waiting for: " + what);
  }

  /**
   * Stops every node, then removes the cluster's directory ({@code VMQSC_KEEP_STORY_DIRS=1} keeps
   * it, logs and all).
   */
  @Override
  public void close() throws Exception {
    try {
      client.close();
    } finally {
      nodes.close();
      if (!"1".equals(System.getenv("VMQSC_KEEP_STORY_DIRS"))) {
        Dirs.deleteTree(dir);
      }
    }
  }
}
