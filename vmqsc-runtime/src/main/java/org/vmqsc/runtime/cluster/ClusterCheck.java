package org.vmqsc.runtime.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.vmqsc.core.check.Finding;
import org.vmqsc.runtime.proto.JournalEntry;
import org.vmqsc.runtime.proto.PeerLedger;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * The runtime's oracle on a running cluster, for {@code traffic off --check}, {@code demo} and
 * {@code chaos}: waits (bounded) for the drain, then judges with {@link ClusterOracle}, the
 * simulator's own checks (core {@code GuestChecks}), from what the guests hold (ledgers with hash
 * chains, balances) and what every hypervisor recorded (its journal: crossings, restores, VM
 * failures and replays). Never the manager's account of itself.
 *
 * <p>The drain waits until every VM is up and every channel's receive count equals its send
 * count: nothing is then in transit. It does not wait for the chains to agree (a broken runtime
 * never makes them), so a wrong message is reported at once, a lost one after the bound.
 */
public final class ClusterCheck {
  public static final long DRAIN_MILLIS = 30_000;

  /** What one check found, and what it judged (for the pass line). */
  public record Outcome(List<String> violations, boolean drained, int messages, int restores,
      int replays) {
    public boolean ok() {
      return violations.isEmpty();
    }
  }

  private ClusterCheck() {}

  /**
   * Traffic must already be off. Waits up to {@code drainMillis} for the drain, telling {@code
   * progress} once if it is slow, then checks P1, P2, P6 (ledgers) and P3, P5 (journals).
   * Violations read "P2: channel vm 0 -> vm 2: ...".
   */
  public static Outcome afterDrain(ClusterClient client, ClusterSpec spec, long drainMillis,
      Consumer<String> progress) throws InterruptedException {
    long started = System.currentTimeMillis();
    boolean told = false;
    boolean drained = false;
    while (!drained && System.currentTimeMillis() - started < drainMillis) {
      try {
        drained = drained(client.allLedgers(), spec.topology().vms());
      } catch (RuntimeException notAnswering) {
        // a host starting or recovering: ask again
      }
      if (!drained) {
        if (!told && System.currentTimeMillis() - started > 2_000) {
          progress.accept("waiting for messages in transit (at most " + drainMillis / 1000
              + " s)");
          told = true;
        }
        Thread.sleep(100);
      }
    }
    return judge(client.allLedgers(), client.journals(), spec, drained);
  }

  /** The shared checks over one reading of the cluster. */
  public static Outcome judge(List<VmLedger> ledgers, List<JournalEntry> journal, ClusterSpec spec,
      boolean drained) {
    List<String> out = new ArrayList<>();
    for (Finding f : ClusterOracle.check(spec, ledgers, journal)) {
      out.add(f.property() + ": " + f.detail());
    }
    int messages = (int) ledgers.stream().mapToLong(LedgerWire::receivedTotal).sum();
    int restores = (int) journal.stream()
        .filter(e -> e.getKind() == JournalEntry.Kind.RESTORED).count();
    int replays = (int) journal.stream()
        .filter(e -> e.getKind() == JournalEntry.Kind.REPLAYED).count();
    return new Outcome(out, drained, messages, restores, replays);
  }

  /** Every VM up and every channel's counts equal: nothing in transit any more. */
  public static boolean drained(List<VmLedger> ledgers, int vms) {
    VmLedger[] byVm = new VmLedger[vms];
    for (VmLedger l : ledgers) {
      if (l.getVm() >= 0 && l.getVm() < vms) {
        byVm[l.getVm()] = l;
      }
    }
    for (int a = 0; a < vms; a++) {
      if (byVm[a] == null || !byVm[a].getUp()) {
        return false;
      }
    }
    // Per channel a -> b, what a sent minus what b received: the channels either side recorded.
    java.util.Map<Long, Long> gap = new java.util.HashMap<>();
    for (int a = 0; a < vms; a++) {
      for (PeerLedger c : LedgerWire.channels(byVm[a])) {
        gap.merge(channel(a, c.getPeer()), (long) c.getSentCount(), Long::sum);
        gap.merge(channel(c.getPeer(), a), (long) -c.getRecvCount(), Long::sum);
      }
    }
    return gap.values().stream().allMatch(g -> g == 0);
  }

  private static long channel(int from, int to) {
    return (long) from << 32 | (to & 0xffffffffL);
  }
}
