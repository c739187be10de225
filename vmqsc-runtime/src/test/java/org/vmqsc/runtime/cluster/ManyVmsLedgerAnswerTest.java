package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.runtime.cluster.Fig2Cluster.await;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.config.Topology;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.proto.LedgerResponse;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * A cluster of many VMs of which few talk: the hypervisors' ledger answer (what {@code traffic
 * off --check} reads) grows with the channels that carried messages, not with VMs squared. It had
 * six values per VM for every VM (a host of 200 VMs in a 400-VM cluster answered ~0.5 MB of
 * zeros; 1,000 VMs on 8 hosts, 4 MiB per host, near the 8 MiB admin frame).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManyVmsLedgerAnswerTest {
  static final int VMS = 400;
  static final int TALKERS = 8;
  @TempDir Path dir;
  Fig2Cluster c;

  @AfterEach
  void stop() throws Exception {
    if (c != null) {
      c.close();
    }
  }

  @Test
  void aLedgerAnswerGrowsWithChannelsNotWithVmsSquared() throws Exception {
    c = Fig2Cluster.start(spec());
    // the talkers (VMs 0..7, on both hosts) send round a ring; the other 392 VMs are quiet
    await(() -> c.client.allLedgers().stream().filter(l -> l.getVm() < TALKERS)
        .allMatch(l -> LedgerWire.receivedTotal(l) >= 5), 60_000, "every talker heard");
    for (int h = 0; h < 2; h++) {
      LedgerResponse answer = c.client.ledgers(h);
      assertThat(answer.getVmsCount()).isEqualTo(VMS / 2);
      // per VM: vm, up, balance, index, incarnation, digest (~30 bytes), and one channel or two
      // for a talker; dense it was 6 x 400 values per VM (>= 480 KB per host)
      assertThat(answer.getSerializedSize()).as("host " + h + "'s ledger answer")
          .isLessThan(VMS / 2 * 40 + TALKERS * 2 * 40);
    }
    c.client.setTraffic(false);
    ClusterCheck.Outcome o = ClusterCheck.afterDrain(c.client, c.spec, 20_000, line -> { });
    assertThat(o.drained()).isTrue();
    assertThat(o.violations()).isEmpty();
    assertThat(o.messages()).isPositive();
    List<VmLedger> quiet = c.client.allLedgers().stream().filter(l -> l.getVm() >= TALKERS)
        .toList();
    assertThat(quiet).allMatch(l -> l.getChannelsCount() == 0 && l.getUp());
  }

  /** 400 VMs on two hosts, VMs interleaved; VM v < 8 sends to v + 1 (mod 8), nobody else sends. */
  private ClusterSpec spec() throws Exception {
    int[] k = new int[VMS];
    int[] hostOf = new int[VMS];
    long[] bytes = new long[VMS];
    Arrays.fill(k, 1);
    Arrays.fill(bytes, 64);
    for (int v = 0; v < VMS; v++) {
      hostOf[v] = v % 2;
    }
    Topology topo = new Topology(k, hostOf, bytes, 2, 64);
    PeerRates.Builder rates = PeerRates.builder(VMS);
    for (int v = 0; v < TALKERS; v++) {
      rates.add(v, (v + 1) % TALKERS, 5);
    }
    Path secret = dir.resolve("secret");
    ClusterSecret.generate(new SecureRandom()).store(secret);
    int[] p = Fig2Cluster.freePorts();
    long t0 = 2000; // 400 VMs checkpoint each period: not every 300 ms on a loaded machine
    ClusterSpec spec = new ClusterSpec(topo, t0, rates.build(), true, 1_000_000, 7, "127.0.0.1",
        p[0], new int[] {p[1], p[2]}, new int[] {p[3], p[4]}, dir, secret, 2 * t0, t0, 3000,
        ClusterSpec.DEFAULT_RELOCATE_AFTER_MILLIS, "vmqsc", null, null);
    ClusterTls.issue(spec);
    return spec;
  }
}
