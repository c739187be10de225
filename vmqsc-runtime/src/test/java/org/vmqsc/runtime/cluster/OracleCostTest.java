package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.guest.Send;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.runtime.proto.JournalEntry;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * What the runtime's oracle ({@code traffic off --check}: {@link ClusterCheck#judge}) costs per
 * VM, in process: the hypervisors' answers of a drained cluster of N bank VMs that each sent to
 * {@link #PEERS} peers, and their journals after a host recovery that rolled every VM back (as
 * with 10 peers each it does, docs/runtime.md). The answers are real: guests fired and received
 * every message, their ledgers went through {@link LedgerWire} as a hypervisor sends them.
 *
 * <p>{@link #theChecksCostPerVmDoesNotGrowWithTheVmCount} always runs; the measurement behind
 * {@link ClusterSpec#MAX_VMS} runs when asked: {@code mvn -o -q test -pl vmqsc-runtime -am
 * -Dtest=OracleCostTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Doracle.cost.vms=1000,10000,100000}.
 */
class OracleCostTest {
  static final int PEERS = 10;
  static final int MESSAGES = 3; // per channel
  static final int LINES = 20; // crossings per VM in the journal
  static final long BALANCE = 1_000_000;

  /** A drained cluster's answers and journals, as ClusterClient gathers them. */
  record Cluster(ClusterSpec spec, List<VmLedger> ledgers, List<JournalEntry> journal) {}

  static Cluster cluster(int vms) {
    int hosts = Math.min(ClusterSpec.MAX_HOSTS, Math.max(2, vms / 125));
    int[] k = new int[vms];
    int[] hostOf = new int[vms];
    long[] bytes = new long[vms];
    Arrays.fill(k, 1);
    Arrays.fill(bytes, 4096);
    for (int v = 0; v < vms; v++) {
      hostOf[v] = v % hosts;
    }
    ClusterSpec spec = new ClusterSpec(new Topology(k, hostOf, bytes, hosts, 64), 1000,
        PeerRates.none(vms), true, BALANCE, 7, "127.0.0.1", 1, new int[hosts], new int[hosts],
        Path.of("."), Path.of("secret"), 500, 1000, 3000, -1);
    BankGuest[] g = new BankGuest[vms];
    for (int v = 0; v < vms; v++) {
      g[v] = new BankGuest(v, BALANCE, new Ledger(vms));
    }
    int stride = Math.max(1, vms / PEERS);
    for (int a = 0; a < vms; a++) {
      for (int i = 0; i < PEERS; i++) {
        int b = (a + 1 + i * stride) % vms;
        for (int m = 1; m <= MESSAGES; m++) {
          Send s = g[a].fire(new TimerFire(b, 31L * a + 7L * m + i));
          g[b].receive(new Message(a, b, m, 0, 0, s.payload(), s.amount()));
        }
      }
    }
    List<VmLedger> ledgers = new ArrayList<>(vms);
    for (BankGuest v : g) {
      ledgers.add(LedgerWire.fill(VmLedger.newBuilder().setVm(v.self()).setUp(true)
          .setBalance(v.balance()).setDigest(v.digest()).setHasLedger(true).setIndex(LINES)
          .setIncarnation(1), v.ledger()).build());
    }
    return new Cluster(spec, ledgers, journal(vms, hosts, hostOf));
  }

  /** Per host: every VM crossed lines 1..LINES, then every VM was restored to LINES - 1. */
  private static List<JournalEntry> journal(int vms, int hosts, int[] hostOf) {
    List<List<JournalEntry>> perHost = new ArrayList<>();
    for (int h = 0; h < hosts; h++) {
      perHost.add(new ArrayList<>());
    }
    for (int line = 1; line <= LINES; line++) {
      for (int v = 0; v < vms; v++) {
        perHost.get(hostOf[v]).add(JournalEntry.newBuilder().setKind(JournalEntry.Kind.CROSSED)
            .setVm(v).setFromIndex(line - 1).setIndex(line).setDigest(digestAt(v, line))
            .setIncarnation(0).setPreviousIncarnation(0).setAtMillis(1000L * line)
            .setHost(hostOf[v]).build());
      }
    }
    for (int v = 0; v < vms; v++) {
      perHost.get(hostOf[v]).add(JournalEntry.newBuilder().setKind(JournalEntry.Kind.RESTORED)
          .setVm(v).setIndex(LINES - 1).setDigest(digestAt(v, LINES - 1)).setIncarnation(1)
          .setPreviousIncarnation(0).setAtMillis(1000L * LINES + 500).setHost(hostOf[v]).build());
    }
    return ClusterOracle.merge(perHost);
  }

  private static long digestAt(int vm, int line) {
    return vm * 0x9E3779B97F4A7C15L + line;
  }

  /** Bytes this thread allocated to judge {@code c} once (the oracle is single-threaded). */
  static long judgeAllocating(Cluster c) {
    long before = allocatedBytes();
    ClusterCheck.Outcome o = ClusterCheck.judge(c.ledgers(), c.journal(), c.spec(), true);
    long allocated = allocatedBytes() - before;
    assertThat(o.violations()).isEmpty();
    assertThat(o.restores()).isEqualTo(c.spec().topology().vms());
    return allocated;
  }

  /**
   * The check's own allocation per VM is the same at 1,000 and at 8,000 VMs: it rebuilds each
   * ledger from its channels. With a slot per VM per ledger (six arrays, as Ledger.restore did)
   * it grew eightfold (48 KB per VM at 1,000 VMs).
   */
  @Test
  void theChecksCostPerVmDoesNotGrowWithTheVmCount() {
    Cluster small = cluster(1_000);
    Cluster large = cluster(8_000);
    judgeAllocating(small); // warm: classes loaded, code compiled
    double perVmSmall = judgeAllocating(small) / 1_000.0;
    double perVmLarge = judgeAllocating(large) / 8_000.0;
    assertThat(perVmLarge).as("bytes per VM at 8,000 VMs vs %.0f at 1,000", perVmSmall)
        .isLessThan(1.5 * perVmSmall);
  }

  /** The check stays a check at scale: one wrong message among 8,000 VMs is found. */
  @Test
  void aWrongMessageAmongEightThousandVmsIsFound() {
    Cluster c = cluster(8_000);
    List<VmLedger> ledgers = new ArrayList<>(c.ledgers());
    VmLedger v = ledgers.get(4321);
    VmLedger.Builder b = v.toBuilder();
    b.setChannels(0, v.getChannels(0).toBuilder()
        .setRecvChain(v.getChannels(0).getRecvChain() + 1));
    ledgers.set(4321, b.build());
    ClusterCheck.Outcome o = ClusterCheck.judge(ledgers, c.journal(), c.spec(), true);
    assertThat(o.violations()).anyMatch(s -> s.startsWith("P2: channel vm ")
        && s.contains("vm 4321") && s.contains("different messages"));
  }

  /**
   * The history check (P5, P3) reads the journal a bounded number of times per entry: after a
   * recovery that restored every VM it looked through the whole journal once per restore (VMs x
   * journal: 2 s at 4,000 VMs, quadratic).
   */
  @Test
  void theHistoryReadsEachJournalEntryABoundedNumberOfTimes() {
    Cluster c = cluster(2_000);
    long[] reads = {0};
    List<JournalEntry> counted = new java.util.AbstractList<>() {
      @Override
      public JournalEntry get(int i) {
        reads[0]++;
        return c.journal().get(i);
      }

      @Override
      public int size() {
        return c.journal().size();
      }
    };
    assertThat(ClusterOracle.history(c.spec(), counted)).isEmpty();
    assertThat(reads[0]).as("reads of %d entries", c.journal().size())
        .isLessThan(4L * c.journal().size());
  }

  /** The measurement behind MAX_VMS (only when -Doracle.cost.vms lists VM counts). */
  @Test
  void measure() {
    String counts = System.getProperty("oracle.cost.vms", "");
    Assumptions.assumeFalse(counts.isBlank(), "no -Doracle.cost.vms: nothing to measure");
    Runtime rt = Runtime.getRuntime();
    for (String n : counts.split(",")) {
      int vms = Integer.parseInt(n.trim());
      System.gc();
      long base = rt.totalMemory() - rt.freeMemory();
      Cluster c = cluster(vms);
      System.gc();
      long held = rt.totalMemory() - rt.freeMemory() - base;
      long wire = c.ledgers().stream().mapToLong(VmLedger::getSerializedSize).sum();
      long t0 = System.nanoTime();
      long allocated = judgeAllocating(c);
      long millis = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf(Locale.ROOT, "oracle cost: %,d VMs, %d peers each, %,d journal entries:"
          + " answers held %,d MB (%,d B/VM, %,d B/VM on the wire); judge %,d ms, allocated"
          + " %,d MB (%,d B/VM); max heap %,d MB%n", vms, PEERS, c.journal().size(), held >> 20,
          held / vms, wire / vms,
          millis, allocated >> 20, allocated / vms, rt.maxMemory() >> 20);
    }
  }

  static long allocatedBytes() {
    var bean = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
