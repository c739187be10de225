package org.vmqsc.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.vmqsc.cli.demo.DemoReport.Check;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.role.ProtocolRegistry;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * The demo's checks decide from state (the hypervisors' journals and the guests' ledgers; the
 * manager's status only for the line a recovery had to use), so each can be shown a cluster that broke its promise and must say FAIL, naming what
 * broke. paper-fig2's shape: VMs 0 and 1 on host 0, VMs 2 and 3 on host 1; host 1 fails.
 */
class DemoChecksTest {
  private static final int HOST = 1;
  private static final Topology FIG2 = new Topology(new int[] {2, 1, 1, 3},
      new int[] {0, 0, 1, 1}, new long[] {1, 1, 1, 1}, 2, 64);
  private static final ClusterSpec SPEC = new ClusterSpec(FIG2, 1000, org.vmqsc.runtime.cluster.PeerRates.none(4), true,
      100, 7, "127.0.0.1", 1, new int[] {2, 3}, new int[] {4, 5}, Path.of("."), Path.of("s"),
      500, 1000, 3000, -1);

  private final StringWriter text = new StringWriter();
  private final DemoReport report = new DemoReport(new PrintWriter(text, true));
  private final DemoCluster cluster = new DemoCluster(null, SPEC, null, report);

  @Test
  void aRecoveryToTheDurableLineOfTheKillPasses() {
    hostCheck(status(5, 6, 0, 0, 0, 0), 5, status(5, 7, 0, 0, 1, 1).setLastRecoveryLine(5),
        Map.of(2, 5, 3, 5));
    assertThat(outcome(Check.HOST)).startsWith("PASS").contains("recovery line 5",
        "rolled back [2, 3]");
  }

  @Test
  void aRecoveryBehindTheDurableLineFails() {
    hostCheck(status(5, 6, 0, 0, 0, 0), 5, status(5, 7, 0, 0, 1, 1).setLastRecoveryLine(4),
        Map.of(2, 4, 3, 4));
    assertThat(outcome(Check.HOST)).startsWith("FAIL")
        .contains("recovery line 4 != durable line at the kill 5");
  }

  @Test
  void aVmOfTheFailedHostLeftOutOfTheRollbackFails() {
    hostCheck(status(5, 6, 0, 0, 0, 0), 5, status(5, 7, 0, 0, 1, 0).setLastRecoveryLine(5),
        Map.of(2, 5));
    assertThat(outcome(Check.HOST)).startsWith("FAIL").contains("vm 3 of host 1 not rolled back");
  }

  @Test
  void aVmGivenANewIncarnationWithoutARollbackFails() {
    hostCheck(status(5, 6, 0, 0, 0, 0), 5, status(5, 7, 1, 0, 1, 1).setLastRecoveryLine(5),
        Map.of(2, 5, 3, 5));
    assertThat(outcome(Check.HOST)).startsWith("FAIL")
        .contains("vm 0 not in the rollback set but incarnation 0 -> 1");
  }

  @Test
  void noRestoreInAnyJournalFails() {
    hostCheck(status(5, 6, 0, 0, 0, 0), 5, status(5, 7, 0, 0, 1, 1).setLastRecoveryLine(5),
        Map.of());
    assertThat(outcome(Check.HOST)).startsWith("FAIL")
        .contains("no hypervisor recorded a restore since the kill");
  }

  /** Lazy writes that completed around the kill may move the line before the recovery starts. */
  @Test
  void aDurableLineConfirmedAfterTheKillIsTheRecoveryLineWithANote() {
    hostCheck(status(5, 6, 0, 0, 0, 0), 6, status(6, 7, 0, 0, 1, 1).setLastRecoveryLine(6),
        Map.of(2, 6, 3, 6));
    assertThat(outcome(Check.HOST)).startsWith("PASS").contains("note: the manager's durable "
        + "line moved 5 -> 6 after the kill");
  }

  @Test
  void balancedLedgersPassAndALostMessageOrMoneyFails() {
    LedgerCheck.decide(SPEC, ledgers(0, 0), report);
    assertThat(outcome(Check.BANK)).startsWith("PASS").contains("total 400 = 4 x 100");
    assertThat(outcome(Check.CHANNELS)).startsWith("PASS").contains("12 channels");

    LedgerCheck.decide(SPEC, ledgers(1, 0), report);
    assertThat(outcome(Check.CHANNELS)).startsWith("FAIL")
        .contains("channel vm 0 -> vm 1: sent 3, received 2 (1 lost)");

    LedgerCheck.decide(SPEC, ledgers(0, 5), report);
    assertThat(outcome(Check.BANK)).startsWith("FAIL")
        .contains("money not conserved: balances 405 + in flight 0 != 400");
  }

  /** Counts agree, but vm 1 holds other messages from vm 0 than vm 0 sent: only chains tell. */
  @Test
  void aChannelWithTheRightCountButOtherMessagesFails() {
    Map<Integer, VmLedger> l = new TreeMap<>(ledgers(0, 0));
    l.put(1, l.get(1).toBuilder().setRecvChain(0, 0xBAD).build());
    LedgerCheck.decide(SPEC, l, report);
    assertThat(outcome(Check.CHANNELS)).startsWith("FAIL")
        .contains("channel vm 0 -> vm 1: sent 3, received 3 (different messages received)");
    assertThat(outcome(Check.BANK)).startsWith("PASS");
  }

  /** Coordinated checkpointing, BCS: every VM once, to its checkpoint of the line. */
  @Test
  void everyVmRolledBackOnceToTheLinePassesAndAVmLeftRunningFails() {
    Map<Integer, VmLedger> before = guests(new int[] {0, 0, 0, 0}, new int[] {9, 9, 9, 9});
    assertThat(GuestRollbackCheck.everyVm(before,
        guests(new int[] {1, 1, 1, 1}, new int[] {6, 6, 6, 6}), 6)).isEmpty();

    assertThat(GuestRollbackCheck.everyVm(before,
        guests(new int[] {1, 1, 0, 1}, new int[] {6, 6, 9, 6}), 6))
        .containsExactly("vm 2: incarnation 0 -> 0 (expected 1: one rollback)");
    assertThat(GuestRollbackCheck.everyVm(before,
        guests(new int[] {1, 1, 1, 1}, new int[] {6, 5, 6, 6}), 6))
        .containsExactly("vm 1: index 5 after the rollback, behind the line 6");
    assertThat(GuestRollbackCheck.everyVm(before,
        guests(new int[] {2, 1, 1, 1}, new int[] {6, 6, 6, 6}), 6))
        .containsExactly("vm 0: incarnation 0 -> 2 (expected 1: one rollback)");
  }

  /** Pessimistic logging: the failed host's VMs roll back; no other VM may. */
  @Test
  void aLoggedRecoveryThatDisturbedAnotherVmFails() {
    Map<Integer, VmLedger> before = guests(new int[] {0, 0, 0, 0}, new int[] {9, 9, 9, 9});
    assertThat(GuestRollbackCheck.othersUndisturbed(before,
        guests(new int[] {0, 0, 0, 0}, new int[] {10, 10, 4, 4}), Set.of(2, 3))).isEmpty();

    assertThat(GuestRollbackCheck.othersUndisturbed(before,
        guests(new int[] {0, 1, 0, 0}, new int[] {10, 7, 4, 4}), Set.of(2, 3)))
        .containsExactly("vm 1: incarnation 0 -> 1 (rolled back)",
            "vm 1: index went back 9 -> 7");
    Map<Integer, VmLedger> restored = new TreeMap<>(before);
    restored.put(0, before.get(0).toBuilder().setSentCount(1, 2).build());
    assertThat(GuestRollbackCheck.othersUndisturbed(before, restored, Set.of(2, 3)))
        .containsExactly("vm 0: ledger counts with vm 1 went back (restored)");
  }

  @Test
  void eachProtocolIsJudgedByWhatItPromises() {
    assertThat(Promise.of(ProtocolRegistry.get("vmqsc"))).isEqualTo(Promise.R9);
    assertThat(Promise.of(ProtocolRegistry.get("coordinated"))).isEqualTo(Promise.EVERY_VM);
    assertThat(Promise.of(ProtocolRegistry.get("bcs"))).isEqualTo(Promise.EVERY_VM);
    assertThat(Promise.of(ProtocolRegistry.get("pessimistic"))).isEqualTo(Promise.LOGGED);
    assertThat(Promise.of(ProtocolRegistry.get("none"))).isEqualTo(Promise.NONE);
    DemoReport none = new DemoReport(new PrintWriter(text, true), Promise.NONE);
    LedgerCheck.decide(SPEC, ledgers(0, 0), none);
    assertThat(none.allPass()).as("none is judged by its ledgers only").isTrue();
    DemoReport every = new DemoReport(new PrintWriter(text, true), Promise.EVERY_VM);
    LedgerCheck.decide(SPEC, ledgers(0, 0), every);
    assertThat(every.allPass()).as("its failure checks not reached").isFalse();
  }

  /** Four up guests with these incarnations and indexes, each having sent 3 to every other. */
  private static Map<Integer, VmLedger> guests(int[] incarnation, int[] index) {
    Map<Integer, VmLedger> m = new TreeMap<>();
    for (Map.Entry<Integer, VmLedger> e : ledgers(0, 0).entrySet()) {
      int v = e.getKey();
      m.put(v, e.getValue().toBuilder().setIncarnation(incarnation[v]).setIndex(index[v]).build());
    }
    return m;
  }

  /**
   * The host check over: the manager's status at the kill and after (its lines), the restores
   * the journals recorded ({@code restored}, vm to line), and each VM's incarnation as its
   * hypervisor reports it (here the status helper's {@code inc}, before and after).
   */
  private void hostCheck(ClusterStatusResponse.Builder atKill, int durableBeforeRecovery,
      ClusterStatusResponse.Builder after, Map<Integer, Integer> restored) {
    new HostRollbackCheck(cluster, HOST, atKill.build(), durableBeforeRecovery)
        .decide(after.build(), restored, inc(atKill), inc(after));
  }

  private static Map<Integer, Integer> inc(ClusterStatusResponse.Builder s) {
    Map<Integer, Integer> m = new TreeMap<>();
    for (int v = 0; v < s.getIncarnationCount(); v++) {
      m.put(v, s.getIncarnation(v));
    }
    return m;
  }

  private static ClusterStatusResponse.Builder status(int durable, int taken, int... inc) {
    ClusterStatusResponse.Builder b = ClusterStatusResponse.newBuilder().setDurableLine(durable)
        .setTakenLine(taken);
    for (int i : inc) {
      b.addIncarnation(i);
    }
    return b;
  }

  /** Every VM sent 3 to every other; {@code lost} of 0->1 never arrived; VM 0 holds extra money. */
  private static Map<Integer, VmLedger> ledgers(int lost, long extra) {
    Map<Integer, VmLedger> m = new TreeMap<>();
    for (int v = 0; v < 4; v++) {
      VmLedger.Builder l = VmLedger.newBuilder().setVm(v).setUp(true).setHasLedger(true)
          .setBalance(100 + (v == 0 ? extra : 0));
      for (int p = 0; p < 4; p++) {
        l.addSentCount(p == v ? 0 : 3).addRecvCount(p == v ? 0 : v == 1 && p == 0 ? 3 - lost : 3);
        l.addSentChain(0).addRecvChain(0).addSentAmount(0).addRecvAmount(0);
      }
      m.put(v, l.build());
    }
    return m;
  }

  /** The check's line of the printed report, from PASS or FAIL on. */
  private String outcome(Check c) {
    text.getBuffer().setLength(0);
    report.print("test");
    return text.toString().lines().filter(l -> l.contains(c.title)).findFirst().orElseThrow();
  }
}
