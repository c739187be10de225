package org.vmqsc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmqsc.core.spi.CostCounts;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.cluster.CostsWire;
import org.vmqsc.runtime.cluster.Dirs;
import org.vmqsc.runtime.cluster.FreePorts;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * One scenario run on a real-process cluster (a manager and one hypervisor process per host on
 * 127.0.0.1) for a fixed time, failure-free; then traffic off, and once every message has landed,
 * what it cost. Messages delivered are read from the guests' ledgers; the protocol's costs are
 * summed over the processes, each counted with the same {@link CostCounts} as the simulator.
 */
final class RuntimeRun {
  private static final long QUIET_WAIT_MILLIS = 60_000;

  /** What a run measured; {@code problems} are P2/P6 findings on the quiet cluster. */
  record Measured(String protocol, long delivered, CostCounts.Snapshot costs,
      long stableBytesWritten, long elapsedMillis, List<String> problems) {}

  private RuntimeRun() {}

  static Measured run(String scenario, String protocol, long periodMillis, long imageBytes,
      long seconds, Path dir) throws Exception {
    ClusterDir cd = new ClusterDir(dir);
    Files.createDirectories(dir);
    ClusterSecret.generate(new SecureRandom()).store(dir.resolve("secret"));
    Files.writeString(cd.config(), config(scenario, protocol, periodMillis, imageBytes, dir));
    ClusterSpec spec = cd.spec();
    org.vmqsc.runtime.cluster.ClusterTls.issue(spec); // the CA and every process's certificate
    Measured m;
    try {
      start(cd, spec);
      try (ClusterClient client = cd.client(spec)) {
        ClusterDir.await(() -> allJoined(client), 60_000);
        if (!allJoined(client)) {
          throw new IllegalStateException("not every host joined; see " + dir + "/*.log");
        }
        long started = System.currentTimeMillis();
        Thread.sleep(seconds * 1000);
        client.setTraffic(false);
        ClusterDir.await(() -> ClusterClient.checkQuiet(client.allLedgers(), spec).isEmpty(),
            QUIET_WAIT_MILLIS);
        List<VmLedger> ledgers = client.allLedgers();
        m = measure(client, spec, protocol, System.currentTimeMillis() - started, ledgers);
      }
    } finally {
      for (String name : ClusterDir.names(spec)) {
        cd.kill(name);
      }
    }
    if (m.problems().isEmpty()) {
      Dirs.deleteTree(dir); // a run that went wrong keeps its directory and logs to look at
    }
    return m;
  }

  private static String config(String scenario, String protocol, long periodMillis,
      long imageBytes, Path dir) throws Exception {
    Map<String, Object> cfg = new LinkedHashMap<>();
    int hosts = org.vmqsc.sim.scenario.ScenarioLoader.load(scenario).hosts();
    int[] p = FreePorts.pick(1 + 2 * hosts);
    cfg.put("scenario", scenario); // written by the YAML library: no quotes of our own
    cfg.put("dir", dir.toAbsolutePath().toString());
    cfg.put("managerPort", p[0]);
    cfg.put("relayPorts", ports(p, 1, hosts));
    cfg.put("controlPorts", ports(p, 1 + hosts, hosts));
    cfg.put("basePeriod", periodMillis + "ms");
    cfg.put("memoryImage", imageBytes + "B");
    cfg.put("relocateAfter", "never");
    // No failures are injected here: a generous timeout keeps a slow start on a loaded machine
    // from being taken for a failure (which would measure a recovery, not the protocol).
    cfg.put("heartbeatTimeout", "10s");
    cfg.put("protocol", protocol);
    return RuntimeConfig.render(cfg);
  }

  private static List<Integer> ports(int[] p, int from, int n) {
    return java.util.Arrays.stream(p, from, from + n).boxed().toList();
  }

  private static void start(ClusterDir cd, ClusterSpec spec) throws Exception {
    String config = cd.config().toString();
    cd.launch(ClusterDir.MANAGER, List.of("manager", "--config", config));
    for (int h = 0; h < spec.topology().hosts(); h++) {
      cd.launch(ClusterDir.hostName(h), List.of("hypervisor", "--id", Integer.toString(h),
          "--config", config));
    }
  }

  private static boolean allJoined(ClusterClient client) {
    try {
      return client.clusterStatus().getHostsList().stream().allMatch(h -> h.getAlive());
    } catch (RuntimeException e) {
      return false; // the manager is still starting
    }
  }

  private static Measured measure(ClusterClient client, ClusterSpec spec, String protocol,
      long elapsedMillis, List<VmLedger> ledgers) {
    long delivered = 0;
    for (VmLedger l : ledgers) {
      delivered += org.vmqsc.runtime.cluster.LedgerWire.receivedTotal(l);
    }
    CostCounts.Snapshot costs = CostsWire.counts(client.clusterStatus().getCosts());
    long written = 0;
    for (int h = 0; h < spec.topology().hosts(); h++) {
      var c = client.status(h).getCosts();
      costs = costs.plus(CostsWire.counts(c));
      written += c.getStableBytesWritten();
    }
    return new Measured(protocol, delivered, costs, written, elapsedMillis,
        ClusterClient.checkQuiet(ledgers, spec));
  }
}
