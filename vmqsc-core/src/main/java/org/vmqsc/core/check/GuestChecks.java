package org.vmqsc.core.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.vmqsc.core.guest.Ledger;

/**
 * SPEC §4's properties judged from the guests' own state: each guest's {@link Ledger} (per peer:
 * counts, a hash chain of payloads, money moved), its balance and its state digest. A channel
 * a → b is whole when b's receive chain from a equals a's send chain to b: the same messages, in
 * the same order, each once. Counts alone miss a message delivered with another payload, or two
 * delivered the other way round; the chains do not. Never reads a protocol's own bookkeeping.
 */
public final class GuestChecks {
  /** At most this many broken channels are named per check: enough to act on, not a flood. */
  public static final int CHANNELS_REPORTED = 20;

  private GuestChecks() {}

  /**
   * P1 after a recovery: no receiver holds a message its sender's state never sent, or holds
   * all its sender sent but different ones. {@code note} (e.g. which VMs rolled back) is added
   * to every finding.
   */
  public static List<Finding> orphans(Ledger[] l, String note) {
    List<Finding> out = new ArrayList<>();
    int[][] peers = channels(l);
    for (int b = 0; b < l.length; b++) {
      for (int a : peers[b]) {
        int sent = l[a].sentCount(b);
        int recv = l[b].recvCount(a);
        if (recv > sent || (recv == sent && l[a].sentChain(b) != l[b].recvChain(a))) {
          out.add(new Finding("P1", "orphan: vm " + b + " holds " + recv + " messages from vm "
              + a + " whose state sent " + sent + (recv == sent ? " different ones" : "")
              + " (" + note + ")"));
        }
      }
    }
    return out;
  }

  /**
   * P2 and P6 on a quiet system (traffic stopped, everything in transit delivered): every VM is
   * up ({@code l[v]} non-null), every channel delivered exactly what was sent, in order, and no
   * money is lost or still in flight. {@code initialMoney} < 0: no money to check.
   */
  public static List<Finding> quiet(Ledger[] l, long[] balances, long initialMoney) {
    List<Finding> out = new ArrayList<>();
    for (int v = 0; v < l.length; v++) {
      if (l[v] == null) {
        out.add(new Finding("P2", "vm " + v + " is still down at the end of the run"));
        return out;
      }
    }
    int reported = 0;
    int[][] peers = channels(l);
    for (int a = 0; a < l.length && reported < CHANNELS_REPORTED; a++) {
      for (int i = 0; i < peers[a].length && reported < CHANNELS_REPORTED; i++) {
        int b = peers[a][i];
        int sent = l[a].sentCount(b);
        int recv = l[b].recvCount(a);
        if (sent != recv || l[a].sentChain(b) != l[b].recvChain(a)) {
          String what = recv < sent ? (sent - recv) + " lost" : recv > sent
              ? (recv - sent) + " received twice or orphaned" : "different messages received";
          out.add(new Finding("P2", "channel vm " + a + " -> vm " + b + ": sent " + sent
              + ", received " + recv + " (" + what + ")"));
          reported++;
        }
      }
    }
    out.addAll(money(l, balances, initialMoney, false));
    return out;
  }

  /**
   * P6: the balances plus the money in flight (sent, not yet received, per the ledgers) add up
   * to what the system started with; after a drain nothing may be in flight. {@code
   * initialMoney} < 0: the workload has no money, nothing to check.
   */
  public static List<Finding> money(Ledger[] l, long[] balances, long initialMoney,
      boolean inFlightAllowed) {
    if (initialMoney < 0) {
      return List.of();
    }
    long total = 0;
    long inFlight = 0;
    for (int v = 0; v < l.length; v++) {
      total += balances[v];
      // Summed ledger by ledger: every amount sent counts once on its sender's side and every
      // amount received once on its receiver's, as the sum over channels does.
      inFlight += l[v].netAmountSent();
    }
    if (total + inFlight != initialMoney) {
      return List.of(new Finding("P6", "money not conserved: balances " + total
          + " + in flight " + inFlight + " != " + initialMoney));
    } else if (!inFlightAllowed && inFlight != 0) {
      return List.of(new Finding("P6", "money still in flight after the drain: " + inFlight));
    }
    return List.of();
  }

  /**
   * For each VM x, ascending, every VM y such that x's or y's ledger has a record of the other.
   * Any other pair reads as zero on both sides, sent and received alike, so no check can find
   * anything there: the pair loops visit only these channels, in the order the dense loops over
   * all pairs did (O(records), not O(VMs^2)). The relation is symmetric, so it serves both
   * directions. A null ledger (a VM down) has no records.
   */
  public static int[][] channels(Ledger[] l) {
    int[][] own = new int[l.length][];
    int[] incoming = new int[l.length];
    for (int x = 0; x < l.length; x++) {
      own[x] = l[x] == null ? new int[0] : l[x].touched();
      for (int y : own[x]) {
        incoming[y]++;
      }
    }
    int[][] from = new int[l.length][];
    for (int y = 0; y < l.length; y++) {
      from[y] = new int[incoming[y]];
      incoming[y] = 0;
    }
    for (int x = 0; x < l.length; x++) { // ascending x: each from[y] comes out sorted
      for (int y : own[x]) {
        from[y][incoming[y]++] = x;
      }
    }
    int[][] out = new int[l.length][];
    for (int x = 0; x < l.length; x++) {
      out[x] = union(own[x], from[x]);
    }
    return out;
  }

  /** The sorted union of two ascending arrays without repeats. */
  private static int[] union(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < a.length || j < b.length) {
      int next = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
      out[n++] = next;
      while (i < a.length && a[i] == next) {
        i++;
      }
      while (j < b.length && b[j] == next) {
        j++;
      }
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  /**
   * P3: a VM that failed alone replays to exactly the state it had when it failed (digest, and
   * the ledger when both are known: null skips it).
   */
  public static List<Finding> replayed(int vm, long digestAtFailure, Ledger ledgerAtFailure,
      long digestAfterReplay, Ledger ledgerAfterReplay) {
    boolean ledgersDiffer = ledgerAtFailure != null && ledgerAfterReplay != null
        && !ledgerAtFailure.equals(ledgerAfterReplay);
    if (digestAtFailure != digestAfterReplay || ledgersDiffer) {
      return List.of(new Finding("P3", "vm " + vm + " replayed to digest "
          + Long.toHexString(digestAfterReplay) + " but had " + Long.toHexString(digestAtFailure)
          + " when it failed"));
    }
    return List.of();
  }

  /** P3: a VM failure is local; {@code others} are the other VMs restored while it replayed. */
  public static List<Finding> local(int vm, Collection<Integer> others) {
    if (others.isEmpty()) {
      return List.of();
    }
    return List.of(new Finding("P3", "vm " + vm + " failed alone, but vms " + others
        + " were rolled back meanwhile"));
  }

  /**
   * P5: a VM restored to line {@code line} holds exactly the state it had when its index
   * crossed {@code line} (by digest).
   */
  public static List<Finding> restored(int vm, int line, long digestAtLine,
      long digestRestored) {
    if (digestAtLine != digestRestored) {
      return List.of(new Finding("P5", "vm " + vm + " restored to line " + line + " with digest "
          + Long.toHexString(digestRestored) + ", but its state at index " + line + " was "
          + Long.toHexString(digestAtLine)));
    }
    return List.of();
  }
}
