package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the processes of a cluster find each other. */
class ClusterSpecTest {
  @TempDir Path dir;

  @Test
  void oneMachineDialsTheBindAddressEverywhere() throws Exception {
    ClusterSpec s = Fig2Cluster.fig2(dir);
    assertThat(s.managerAddress()).isEqualTo("127.0.0.1:" + s.managerPort());
    assertThat(s.relayAddress(1)).isEqualTo("127.0.0.1:" + s.relayPorts()[1]);
  }

  /** {@code vmqsc hypervisor --manager ADDR}: the manager is elsewhere; the hosts stay put. */
  @Test
  void aHypervisorToldWhereTheManagerIsDialsIt() throws Exception {
    ClusterSpec s = Fig2Cluster.fig2(dir).withManager("10.1.2.3:9000");
    assertThat(s.managerAddress()).isEqualTo("10.1.2.3:9000");
    assertThat(s.managerPort()).isEqualTo(9000);
    assertThat(s.controlAddress(0)).isEqualTo("127.0.0.1:" + s.controlPorts()[0]);
    assertThatThrownBy(() -> Fig2Cluster.fig2(dir).withManager("nowhere"))
        .hasMessageContaining("is not host:port");
  }

  @Test
  void oneAddressPerHostIsRequired() throws Exception {
    ClusterSpec s = Fig2Cluster.fig2(dir);
    assertThatThrownBy(() -> new ClusterSpec(s.topology(), s.basePeriodMillis(), s.peerRates(),
        s.bank(), s.initialBalance(), s.seed(), s.bindHost(), s.managerPort(), s.relayPorts(),
        s.controlPorts(), s.dir(), s.secretFile(), s.lazyDelayMillis(), s.vmRestartMillis(),
        s.heartbeatTimeoutMillis(), s.relocateAfterMillis(), s.protocol(), null,
        new ClusterSpec.Addresses("m", java.util.List.of("h0"))))
        .hasMessageContaining("one address per host (2)");
  }
}
