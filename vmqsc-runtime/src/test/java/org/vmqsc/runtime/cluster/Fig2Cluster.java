package org.vmqsc.runtime.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.function.BooleanSupplier;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.hypervisor.HypervisorNode;
import org.vmqsc.runtime.manager.ManagerNode;
import org.vmqsc.runtime.time.Clock;

/**
 * The paper's Figure 2 cluster in this JVM, for tests: VM1 MI2 and VM2 SI on host 0, VM3 SI and
 * VM4 MI3 on host 1, bank guests sending 8 msgs/s to each other VM, T0 = 300 ms; one manager and
 * two hypervisors on real gRPC over 127.0.0.1, and a client. Crashes are {@code close()} (staged
 * writes lost, connections broken), restarts are new nodes on the same ports.
 */
final class Fig2Cluster implements AutoCloseable {
  static final long T0 = 300;

  final ClusterSpec spec;
  final ClusterSecret secret;
  private final ProtocolListener listener;
  ManagerNode manager;
  final HypervisorNode[] hvs = new HypervisorNode[2];
  ClusterClient client;
  /** Each process's clock: the wall clock, unless a test moves time by hand. */
  private Clock managerClock = Clock.system();
  private final Clock[] hostClocks = {Clock.system(), Clock.system()};
  /** Each process serves /metrics and /healthz on a free port (docs/operations.md). */
  private boolean serveMetrics;

  private Fig2Cluster(ClusterSpec spec, ProtocolListener listener) throws IOException {
    this.spec = spec;
    this.secret = ClusterSecret.load(spec.secretFile());
    this.listener = listener;
  }

  /** Starts the cluster with the given clock for the manager and for each host's process. */
  static Fig2Cluster start(ClusterSpec spec, Clock managerClock, Clock... hostClocks)
      throws Exception {
    Fig2Cluster c = new Fig2Cluster(spec, ProtocolListener.NONE);
    c.managerClock = managerClock;
    System.arraycopy(hostClocks, 0, c.hostClocks, 0, c.hostClocks.length);
    return c.boot();
  }

  /** Starts the manager, both hypervisors and the client. */
  static Fig2Cluster start(ClusterSpec spec) throws Exception {
    return start(spec, ProtocolListener.NONE);
  }

  static Fig2Cluster start(ClusterSpec spec, ProtocolListener listener) throws Exception {
    return new Fig2Cluster(spec, listener).boot();
  }

  /** Starts the cluster with every process serving its metrics on a free port. */
  static Fig2Cluster startServingMetrics(ClusterSpec spec) throws Exception {
    Fig2Cluster c = new Fig2Cluster(spec, ProtocolListener.NONE);
    c.serveMetrics = true;
    return c.boot();
  }

  private Fig2Cluster boot() throws Exception {
    try {
      manager = new ManagerNode(spec, secret, managerClock).metricsPort(serveMetrics ? 0 : -1)
          .start();
      for (int h = 0; h < 2; h++) {
        restart(h);
      }
      client = new ClusterClient(spec, secret);
    } catch (Exception e) {
      close();
      throw e;
    }
    return this;
  }

  /** Host {@code h} crashes: its node stops as a crash would. */
  void crash(int h) throws InterruptedException {
    hvs[h].close();
    hvs[h] = null;
  }

  /** Host {@code h}'s hypervisor starts (again, after a crash: the manager recovers it). */
  void restart(int h) throws Exception {
    hvs[h] = new HypervisorNode(spec, h, secret, listener, hostClocks[h])
        .metricsPort(serveMetrics ? 0 : -1).start();
  }

  /** The manager process dies and a new one takes up its durable state. */
  void restartManager() throws Exception {
    manager.close();
    manager = new ManagerNode(spec, secret, managerClock).start();
  }

  /**
   * Traffic off, then the runtime's oracle: P1, P2 and P6 on the quiet cluster (bank total,
   * every channel's hash chain), P3 and P5 from the hypervisors' journals.
   */
  void awaitQuietAndWhole() throws InterruptedException {
    client.setTraffic(false);
    await(() -> ClusterClient.checkQuiet(client.allLedgers(), spec).isEmpty(), 15_000,
        "quiet cluster conserves money and delivers every message once");
    org.assertj.core.api.Assertions.assertThat(ClusterOracle.history(spec, client.journals()))
        .as("restores and replays as the hypervisors saw them (P3, P5)").isEmpty();
  }

  @Override
  public void close() throws Exception {
    if (client != null) {
      client.close();
    }
    for (HypervisorNode h : hvs) {
      if (h != null) {
        h.close();
      }
    }
    if (manager != null) {
      manager.close();
    }
  }

  /** The cluster's spec, in {@code dir}, with the default relocation policy. */
  static ClusterSpec fig2(Path dir) throws IOException {
    return fig2(dir, ClusterSpec.DEFAULT_RELOCATE_AFTER_MILLIS);
  }

  static ClusterSpec fig2(Path dir, long relocateAfterMillis) throws IOException {
    Topology topo = new Topology(new int[] {2, 1, 1, 3}, new int[] {0, 0, 1, 1},
        new long[] {4096, 4096, 4096, 4096}, 2, 64);
    PeerRates.Builder rates = PeerRates.builder(4);
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        if (a != b) {
          rates.add(a, b, 8); // a busy cluster for a short test
        }
      }
    }
    Path secret = dir.resolve("secret");
    ClusterSecret.generate(new SecureRandom()).store(secret);
    int[] p = freePorts();
    ClusterSpec spec = new ClusterSpec(topo, T0, rates.build(), true, 1_000_000, 7, "127.0.0.1",
        p[0], new int[] {p[1], p[2]}, new int[] {p[3], p[4]}, dir, secret,
        2 * T0, T0, 1500, relocateAfterMillis);
    ClusterTls.issue(spec); // the CA and every process's certificate, in dir/tls
    return spec;
  }

  /** Five distinct free ports. */
  static int[] freePorts() throws IOException {
    return FreePorts.pick(5);
  }

  static void await(BooleanSupplier cond, long millis, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (cond.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // a node is starting or stopping; ask again
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for: " + what);
  }
}
