package org.vmqsc.runtime.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.vmqsc.core.check.Finding;
import org.vmqsc.core.check.GuestChecks;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.runtime.proto.JournalEntry;
import org.vmqsc.runtime.proto.JournalEntry.Kind;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * The simulator's oracle on a real cluster: core {@link GuestChecks}, the same code, over what
 * the guests hold (each VM's ledger with hash chains, balance, digest, read through the admin
 * API) and what every hypervisor saw its VMs go through (its journal). Never the manager's
 * account: which VMs rolled back, to which state, is read from the hypervisors' journals.
 *
 * <ul>
 *   <li>{@link #quiet}: P1, P2, P6 on a drained cluster (traffic off, nothing in transit);
 *   <li>{@link #history}: P5, every restore to line L holds the digest the VM had when its
 *       index crossed L (when a journal recorded that crossing); P3, a VM that failed alone
 *       replayed to the digest it failed in and no other VM was restored meanwhile.
 * </ul>
 * Pure: gathering the facts (and waiting for the drain) is the caller's.
 */
public final class ClusterOracle {
  private ClusterOracle() {}

  /** Everything: {@link #quiet} and {@link #history}. */
  public static List<Finding> check(ClusterSpec spec, List<VmLedger> ledgers,
      List<JournalEntry> journal) {
    List<Finding> out = new ArrayList<>(quiet(spec, ledgers));
    out.addAll(history(spec, journal));
    return out;
  }

  /**
   * P1, P2 and P6 on a quiet cluster: every VM up, every channel's receive chain equal to its
   * send chain (same messages, same order, each once), the bank total what it started with.
   */
  public static List<Finding> quiet(ClusterSpec spec, List<VmLedger> ledgers) {
    int n = spec.topology().vms();
    Ledger[] l = new Ledger[n];
    long[] balances = new long[n];
    for (VmLedger v : ledgers) {
      if (v.getVm() >= 0 && v.getVm() < n && v.getUp()) {
        if (!v.getHasLedger()) {
          return List.of(new Finding("P2", "vm " + v.getVm() + " keeps no ledger: nothing to "
              + "judge it by"));
        }
        l[v.getVm()] = LedgerWire.ledger(v, n);
        balances[v.getVm()] = v.getBalance();
      }
    }
    long money = spec.bank() ? spec.initialBalance() * n : -1;
    for (Ledger v : l) {
      if (v == null) {
        return GuestChecks.quiet(l, balances, money); // names the VM that is down
      }
    }
    List<Finding> out = new ArrayList<>(GuestChecks.orphans(l, "after the drain"));
    out.addAll(GuestChecks.quiet(l, balances, money));
    return out;
  }

  /**
   * P5 and P3 from the hypervisors' journals (entries of every host; each host's own entries in
   * its order). Properties the protocol gives up by design ({@code exemptFrom}) are not judged.
   */
  public static List<Finding> history(ClusterSpec spec, List<JournalEntry> journal) {
    Set<String> exempt = spec.roles().exemptFrom();
    Positions at = new Positions(journal);
    List<Finding> out = new ArrayList<>();
    for (int i = 0; i < journal.size(); i++) {
      JournalEntry e = journal.get(i);
      if (e.getKind() == Kind.RESTORED && !exempt.contains("P5")) {
        JournalEntry crossed = crossing(journal, at.ofVm(e.getVm()), i);
        if (crossed != null) {
          out.addAll(GuestChecks.restored(e.getVm(), e.getIndex(), crossed.getDigest(),
              e.getDigest()));
        }
      } else if (e.getKind() == Kind.FAILED && !exempt.contains("P3")) {
        out.addAll(failure(journal, at, i));
      }
    }
    return out;
  }

  /**
   * Where each VM's entries are in the journal (ascending), and where the restores are: after a
   * host recovery every VM has a restore, and each is judged against that VM's own crossings, so
   * the history costs the journal's length, not the journal's length per restore (at 4,000 VMs
   * that was 2 s; at 100,000 it would have been hours).
   */
  private static final class Positions {
    private final java.util.Map<Integer, List<Integer>> byVm = new java.util.HashMap<>();
    private final List<Integer> restores = new ArrayList<>();

    Positions(List<JournalEntry> journal) {
      for (int j = 0; j < journal.size(); j++) {
        JournalEntry e = journal.get(j);
        byVm.computeIfAbsent(e.getVm(), v -> new ArrayList<>()).add(j);
        if (e.getKind() == Kind.RESTORED) {
          restores.add(j);
        }
      }
    }

    List<Integer> ofVm(int vm) {
      return byVm.getOrDefault(vm, List.of());
    }
  }

  /**
   * The state VM e.vm had when its index crossed the line entry {@code i} restored it to: the
   * last crossing before the restore in the same host's journal, else (a VM that moved, D14) the
   * last one any host recorded before it in time. Only a crossing of the execution the restore
   * ended counts (its incarnation is the one the VM had before the restore), so a crossing
   * recorded by an older execution is never compared with. {@code ofVm}: the positions of the
   * VM's entries, ascending (any other entry cannot be its crossing).
   */
  private static JournalEntry crossing(List<JournalEntry> journal, List<Integer> ofVm, int i) {
    JournalEntry r = journal.get(i);
    JournalEntry best = null;
    int bestAt = -1;
    for (int j : ofVm) {
      JournalEntry c = journal.get(j);
      boolean before = c.getHost() == r.getHost() ? j < i
          : c.getAtMillis() <= r.getAtMillis();
      if (c.getKind() == Kind.CROSSED && c.getVm() == r.getVm() && before
          && c.getFromIndex() < r.getIndex() && r.getIndex() <= c.getIndex()
          && (best == null || later(c, j, best, bestAt))) {
        best = c;
        bestAt = j;
      }
    }
    boolean sameExecution = best != null && (r.getPreviousIncarnation() < 0
        || best.getIncarnation() == r.getPreviousIncarnation());
    return sameExecution ? best : null;
  }

  /** Whether crossing c (at position j) came after best (at bestAt): same host, by order. */
  private static boolean later(JournalEntry c, int j, JournalEntry best, int bestAt) {
    return c.getHost() == best.getHost() ? j > bestAt : c.getAtMillis() >= best.getAtMillis();
  }

  /** P3 for the VM failure at entry {@code i}: exact replay, and nobody else rolled back. */
  private static List<Finding> failure(List<JournalEntry> journal, Positions at, int i) {
    JournalEntry f = journal.get(i);
    for (int j : at.ofVm(f.getVm())) {
      JournalEntry e = journal.get(j);
      if (j <= i || e.getHost() != f.getHost() || e.getVm() != f.getVm()) {
        continue;
      }
      if (e.getKind() == Kind.RESTORED) {
        return List.of(); // a host recovery swept it up: judged as a restore (P5)
      }
      if (e.getKind() == Kind.REPLAYED) {
        List<Finding> out = new ArrayList<>(GuestChecks.replayed(f.getVm(), f.getDigest(), null,
            e.getDigest(), null));
        out.addAll(GuestChecks.local(f.getVm(), restoredBetween(journal, at, f, e)));
        return out;
      }
    }
    return List.of(); // not replayed yet
  }

  private static Set<Integer> restoredBetween(List<JournalEntry> journal, Positions at,
      JournalEntry from, JournalEntry to) {
    Set<Integer> vms = new TreeSet<>();
    for (int j : at.restores) {
      JournalEntry e = journal.get(j);
      if (e.getVm() != from.getVm() && e.getAtMillis() >= from.getAtMillis()
          && e.getAtMillis() <= to.getAtMillis()) {
        vms.add(e.getVm());
      }
    }
    return vms;
  }

  /** Every host's entries, each host's in its own order, hosts one after the other. */
  public static List<JournalEntry> merge(List<List<JournalEntry>> perHost) {
    List<JournalEntry> all = new ArrayList<>();
    perHost.stream().sorted(Comparator.comparingInt(h -> h.isEmpty() ? -1 : h.get(0).getHost()))
        .forEach(all::addAll);
    return all;
  }
}
