package org.vmqsc.bench.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.function.BooleanSupplier;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.protocol.VmqscRoles;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.cluster.Dirs;
import org.vmqsc.runtime.cluster.PeerRates;
import org.vmqsc.runtime.hypervisor.HypervisorNode;
import org.vmqsc.runtime.manager.ManagerNode;

/**
 * A manager and one hypervisor per host in this JVM on real gRPC over 127.0.0.1, as
 * InProcessClusterTest starts them (ephemeral ports, a temp directory). Benchmarks only.
 */
final class BenchCluster implements AutoCloseable {
  final ClusterSpec spec;
  final ClusterSecret secret;
  final ManagerNode manager;
  final HypervisorNode[] hvs;
  final ClusterClient client;
  final Path dir;

  private final Relay[] listeners;

  private BenchCluster(ClusterSpec spec, ClusterSecret secret) throws Exception {
    this.spec = spec;
    this.secret = secret;
    this.dir = spec.dir();
    this.manager = new ManagerNode(spec, secret).start();
    this.hvs = new HypervisorNode[spec.topology().hosts()];
    this.listeners = new Relay[hvs.length];
    for (int h = 0; h < hvs.length; h++) {
      listeners[h] = new Relay();
      hvs[h] = new HypervisorNode(spec, h, secret, listeners[h]).start();
    }
    this.client = new ClusterClient(spec, secret);
  }

  static BenchCluster start(Topology topo, long t0, PeerRates rates, long lazyDelay,
      long vmRestart, long heartbeat) throws Exception {
    return start(topo, t0, rates, lazyDelay, vmRestart, heartbeat, VmqscRoles.NAME);
  }

  static BenchCluster start(Topology topo, long t0, PeerRates rates, long lazyDelay,
      long vmRestart, long heartbeat, String protocol) throws Exception {
    Path dir = Files.createTempDirectory("vmqsc-rtbench");
    Path secretFile = dir.resolve("secret");
    ClusterSecret.generate(new SecureRandom()).store(secretFile);
    int[] p = org.vmqsc.runtime.cluster.FreePorts.pick(1 + 2 * topo.hosts());
    int[] relay = new int[topo.hosts()];
    int[] control = new int[topo.hosts()];
    for (int h = 0; h < topo.hosts(); h++) {
      relay[h] = p[1 + h];
      control[h] = p[1 + topo.hosts() + h];
    }
    ClusterSpec spec = new ClusterSpec(topo, t0, rates, false, 1_000_000, 7, "127.0.0.1", p[0],
        relay, control, dir, secretFile, lazyDelay, vmRestart, heartbeat, -1, protocol, null,
        null);
    org.vmqsc.runtime.cluster.ClusterTls.issue(spec); // the CA and every process's certificate
    return new BenchCluster(spec, ClusterSecret.load(secretFile));
  }

  /**
   * Points host {@code h}'s protocol listener at {@code listener} from now on (NONE to stop). Set
   * on a running node, so the node is built with a {@link Relay} that forwards to it.
   */
  void attachListener(int h, ProtocolListener listener) {
    listeners[h].target = listener;
  }

  /** Forwards the events the benches use (sends, deliveries) to a listener set later. */
  private static final class Relay implements ProtocolListener {
    volatile ProtocolListener target = ProtocolListener.NONE;

    @Override
    public void sent(int vm, Message m) {
      target.sent(vm, m);
    }

    @Override
    public void delivered(int vm, Message m, int interval, boolean replay) {
      target.delivered(vm, m, interval, replay);
    }
  }

  /** Sum over all VMs of messages received (ledger counts), and sent. */
  long[] recvSent() {
    long recv = 0;
    long sent = 0;
    for (var l : client.allLedgers()) {
      recv += org.vmqsc.runtime.cluster.LedgerWire.receivedTotal(l);
      sent += org.vmqsc.runtime.cluster.LedgerWire.sentTotal(l);
    }
    return new long[] {recv, sent};
  }

  static void await(BooleanSupplier cond, long millis, long pollMillis, String what)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (cond.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // a node is starting or stopping; ask again
      }
      Thread.sleep(pollMillis);
    }
    throw new IllegalStateException("timed out waiting for: " + what);
  }

  @Override
  public void close() throws Exception {
    client.close();
    for (HypervisorNode h : hvs) {
      if (h != null) {
        h.close();
      }
    }
    manager.close();
    Dirs.deleteTree(dir);
  }
}
