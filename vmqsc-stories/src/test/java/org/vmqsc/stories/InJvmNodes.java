package org.vmqsc.stories;

import java.nio.file.Path;
import org.vmqsc.core.role.ProtocolRegistry;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.hypervisor.HypervisorNode;
import org.vmqsc.runtime.manager.ManagerNode;

/**
 * Manager and hypervisor nodes in this JVM, over real gRPC on 127.0.0.1: a crash is
 * {@code close()} (staged writes lost, connections broken), a restart a new node on the same ports.
 */
final class InJvmNodes implements RuntimeDriver.Nodes {
  static final ClusterDriver.Factory FACTORY = new ClusterDriver.Factory() {
    @Override
    public String name() {
      return "in-process runtime";
    }

    @Override
    public ClusterDriver start(ClusterDriver.Setup setup) throws Exception {
      Path dir = java.nio.file.Files.createTempDirectory("vmqsc-story-");
      return new RuntimeDriver(dir, setup, new RuntimeDriver.Timing(500, 3000, 30_000),
          (spec, config) -> new InJvmNodes(spec));
    }

    @Override
    public boolean recovers(String protocol) {
      // Every protocol of the one registry runs on the runtime; those that recover are tried.
      return ProtocolRegistry.names().contains(protocol)
          && ProtocolRegistry.get(protocol).recovers();
    }
  };

  private final ClusterSpec spec;
  private final ClusterSecret secret;
  private ManagerNode manager;
  private final HypervisorNode[] hosts;

  InJvmNodes(ClusterSpec spec) throws Exception {
    this.spec = spec;
    this.secret = ClusterSecret.load(spec.secretFile());
    this.hosts = new HypervisorNode[spec.topology().hosts()];
  }

  @Override
  public void startManager() throws Exception {
    manager = new ManagerNode(spec, secret).start();
  }

  @Override
  public void killManager() throws Exception {
    manager.close();
    manager = null;
  }

  @Override
  public void startHost(int host) throws Exception {
    hosts[host] = new HypervisorNode(spec, host, secret).start();
  }

  @Override
  public void killHost(int host) throws Exception {
    hosts[host].close();
    hosts[host] = null;
  }

  @Override
  public void close() throws Exception {
    for (HypervisorNode h : hosts) {
      if (h != null) {
        h.close();
      }
    }
    if (manager != null) {
      manager.close();
    }
  }
}
