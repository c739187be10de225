package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.runtime.cluster.Fig2Cluster.await;
import static org.vmqsc.runtime.cluster.Fig2Cluster.fig2;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.check.Finding;
import org.vmqsc.runtime.hypervisor.FaultyArrivals;
import org.vmqsc.runtime.hypervisor.FaultyArrivals.Fault;
import org.vmqsc.runtime.hypervisor.HypervisorProbe;
import org.vmqsc.runtime.proto.JournalEntry;
import org.vmqsc.runtime.proto.JournalEntry.Kind;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * The runtime's oracle ({@link ClusterOracle}: the simulator's checks over what the guests hold
 * and what the hypervisors saw), as {@code traffic off --check} runs it ({@link ClusterCheck}),
 * on the Figure 2 cluster in this JVM: the unbroken runtime passes
 * it through a VM failure and a host crash; a runtime that delivers one message with another
 * payload, or drops one, is caught, the first although every count agrees (what the count-based
 * check before it judged, and passed).
 */
class ClusterOracleTest {
  @TempDir Path dir;
  Fig2Cluster c;

  @AfterEach
  void stop() throws Exception {
    if (c != null) {
      c.close();
    }
  }

  /** What `traffic off --check` judged before the shared checks: per-channel counts only. */
  private static List<String> countsOnly(List<VmLedger> ledgers, int n) {
    VmLedger[] byVm = new VmLedger[n];
    ledgers.forEach(l -> byVm[l.getVm()] = l);
    List<String> bad = new ArrayList<>();
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        if (byVm[a] == null || byVm[b] == null || !byVm[b].getUp()
            || LedgerWire.sent(byVm[a], b) != LedgerWire.received(byVm[b], a)) {
          bad.add(a + "->" + b);
        }
      }
    }
    return bad;
  }

  private List<Finding> check() {
    return ClusterOracle.check(c.spec, c.client.allLedgers(), c.client.journals());
  }

  @Test
  void theUnbrokenRuntimePassesThroughAVmFailureAndAHostCrash() throws Exception {
    c = Fig2Cluster.start(fig2(dir));
    await(() -> c.client.clusterStatus().getDurableLine() >= 3, 15_000, "durable line >= 3");
    assertThat(c.client.failVm(0)).isTrue();
    await(() -> c.client.status(0).getVms(0).getUp(), 5_000, "vm 0 replayed");
    c.crash(1);
    await(() -> !c.client.clusterStatus().getHosts(1).getAlive(), 5_000, "host 1 seen failed");
    c.restart(1);
    await(() -> c.client.clusterStatus().getRecoveries() == 1, 15_000, "host 1 recovered");
    c.client.setTraffic(false);
    await(() -> countsOnly(c.client.allLedgers(), 4).isEmpty(), 15_000, "drained");

    assertThat(check()).isEmpty();
    ClusterCheck.Outcome o = ClusterCheck.afterDrain(c.client, c.spec, 15_000, line -> { });
    assertThat(o.ok()).as(String.valueOf(o.violations())).isTrue();
    assertThat(o.restores()).isGreaterThanOrEqualTo(2);
    assertThat(o.replays()).isEqualTo(1);
    // ...and it had something to judge: the hypervisors saw the failure, replay and restores.
    List<JournalEntry> j = c.client.journals();
    assertThat(j).anyMatch(e -> e.getKind() == Kind.FAILED && e.getVm() == 0)
        .anyMatch(e -> e.getKind() == Kind.REPLAYED && e.getVm() == 0)
        .anyMatch(e -> e.getKind() == Kind.RESTORED && e.getVm() == 2)
        .anyMatch(e -> e.getKind() == Kind.RESTORED && e.getVm() == 3)
        .anyMatch(e -> e.getKind() == Kind.CROSSED && e.getVm() == 2 && e.getHost() == 1);
  }

  @Test
  void aMessageDeliveredWithAnotherPayloadIsCaughtThoughEveryCountAgrees() throws Exception {
    c = Fig2Cluster.start(fig2(dir));
    HypervisorProbe.breakRole(c.hvs[1], r -> new FaultyArrivals(r, 0, 2, 3,
        Fault.WRONG_PAYLOAD));
    await(() -> c.client.allLedgers().stream().filter(l -> l.getVm() == 2)
        .anyMatch(l -> LedgerWire.received(l, 0) >= 10), 15_000, "vm 2 received from vm 0");
    c.client.setTraffic(false);
    await(() -> countsOnly(c.client.allLedgers(), 4).isEmpty(), 15_000, "drained");

    assertThat(countsOnly(c.client.allLedgers(), 4)).as("the count-based check").isEmpty();
    // What `traffic off --check` runs (ClusterCheck: drain, then the shared checks).
    ClusterCheck.Outcome o = ClusterCheck.afterDrain(c.client, c.spec, 15_000, line -> { });
    assertThat(o.drained()).isTrue();
    assertThat(o.violations()).contains("P2: channel vm 0 -> vm 2: sent " + sent(0, 2)
        + ", received " + sent(0, 2) + " (different messages received)")
        .anyMatch(v -> v.startsWith("P1: orphan: vm 2 holds")).noneMatch(v -> v.startsWith("P6"));
  }

  @Test
  void aDroppedMessageIsCaught() throws Exception {
    c = Fig2Cluster.start(fig2(dir));
    HypervisorProbe.breakRole(c.hvs[1], r -> new FaultyArrivals(r, 1, 3, 2, Fault.DROPPED));
    // The receiver's hypervisor delivers each channel in order: after the gap, nothing more.
    await(() -> c.client.allLedgers().stream().filter(l -> l.getVm() == 1)
        .anyMatch(l -> LedgerWire.sent(l, 3) >= 10), 15_000, "vm 1 sent to vm 3");
    c.client.setTraffic(false);
    await(() -> countsOnly(c.client.allLedgers(), 4).equals(List.of("1->3")), 15_000,
        "drained but for the dropped message");

    ClusterCheck.Outcome o = ClusterCheck.afterDrain(c.client, c.spec, 2_000, line -> { });
    assertThat(o.drained()).as("the drain never completes: a message is missing").isFalse();
    assertThat(o.violations())
        .anyMatch(v -> v.startsWith("P2: channel vm 1 -> vm 3: ") && v.endsWith(" lost)"));
  }

  private int sent(int from, int to) {
    return c.client.allLedgers().stream().filter(l -> l.getVm() == from).findFirst()
        .map(l -> LedgerWire.sent(l, to)).orElseThrow();
  }
}
