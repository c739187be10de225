package org.vmqsc.sim.oracle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.vmqsc.core.check.Finding;
import org.vmqsc.core.check.GuestChecks;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.sim.Violation;

/**
 * The oracle of SPEC §4. It sees every guest's own ledger (what the guest's state says it sent
 * and received, per peer) and checks, at every recovery and at the end of the run:
 * P1 no receiver holds a message its sender's state never sent; P2 after the drain every message
 * sent was received exactly once, in order; P3 a VM failure replays to the very same state and
 * rolls no other VM back; P4 a VM checkpoints exactly when it crosses an index on its own period
 * and forced checkpoints only come from drift or delay;
 * P5 a host failure restores each VM to exactly its state at the durable line; P6 money is
 * conserved. It never reads the protocol's own counters. The checks over ledgers and digests are
 * core {@link GuestChecks}, which the runtime's check calls too; this class gathers the facts.
 */
public final class Oracle implements ProtocolListener {
  private static final int WINDOW = 512;
  private static final int NO_CHECKPOINT = Integer.MIN_VALUE;

  private final long seed;
  private final Topology topo;
  private final boolean driftOrDelay;
  private final LongSupplier clock;
  private final long initialMoney;
  private final long[][] digestAt;
  private final int[][] indexAt;
  private final Map<Integer, Guest> beforeFailure = new HashMap<>();
  /** Per failed VM: every other VM's messages sent and received when it failed (-1: down). */
  private final Map<Integer, long[]> othersAtFailure = new HashMap<>();
  /** Per VM: the first index of a checkpoint waiting for its crossing, or NO_CHECKPOINT. */
  private final int[] checkpointFrom;
  private final List<Violation> violations = new ArrayList<>();
  private IntFunction<Guest> guests;
  private Set<String> exempt = Set.of();

  public Oracle(long seed, Topology topo, boolean driftOrDelay, long initialMoney,
      LongSupplier clock) {
    this.seed = seed;
    this.topo = topo;
    this.driftOrDelay = driftOrDelay;
    this.initialMoney = initialMoney;
    this.clock = clock;
    this.digestAt = new long[topo.vms()][WINDOW];
    this.indexAt = new int[topo.vms()][WINDOW];
    this.checkpointFrom = new int[topo.vms()];
    java.util.Arrays.fill(checkpointFrom, NO_CHECKPOINT);
  }

  /** How to see each VM's current guest state (null when it is down). */
  public void watch(IntFunction<Guest> liveGuests) {
    this.guests = liveGuests;
  }

  /** Properties the protocol gives up by design: not checked, not counted. */
  public void exempt(Set<String> properties) {
    this.exempt = Set.copyOf(properties);
  }

  public List<Violation> violations() {
    return violations;
  }

  private void violation(String property, String detail) {
    if (exempt.contains(property)) {
      return;
    }
    violations.add(new Violation(property, seed, clock.getAsLong(), detail));
  }

  private void report(List<Finding> findings) {
    for (Finding f : findings) {
      violation(f.property(), f.detail());
    }
  }

  // ---- P4, and the states of every line (for P5) ------------------------------------------

  /**
   * Noted until the crossing it belongs to: whether a checkpoint is due is judged from the VM's
   * own k and the range of indexes it crosses, never from the protocol's own due index.
   */
  @Override
  public void checkpoint(int vm, int firstIndex, int dueIndex, boolean forced, long bytes) {
    if (checkpointFrom[vm] != NO_CHECKPOINT) {
      violation("P4", "vm " + vm + " took two checkpoints in one crossing (from index "
          + checkpointFrom[vm] + " and from " + firstIndex + ")");
    }
    checkpointFrom[vm] = firstIndex;
    if (forced && !driftOrDelay) {
      violation("P4", "vm " + vm + " took a forced checkpoint from index " + firstIndex
          + " with no clock drift and no network delay");
    }
  }

  /**
   * P4: a VM crossing from index {@code from} to {@code to} checkpoints exactly when an index in
   * (from, to] is a multiple of its k (SPEC §2); and the states of every line, for P5.
   */
  @Override
  public void crossed(int vm, int from, int to, Guest guest) {
    boolean took = checkpointFrom[vm] != NO_CHECKPOINT;
    checkpointFrom[vm] = NO_CHECKPOINT;
    if (from >= 0) {
      int k = topo.k(vm);
      int due = (from / k + 1) * k;
      if (took && due > to) {
        violation("P4", "vm " + vm + " checkpointed crossing from index " + from + " to " + to
            + ", where no index is on its period k=" + k);
      } else if (!took && due <= to) {
        violation("P4", "vm " + vm + " crossed from index " + from + " to " + to
            + " without a checkpoint, though index " + due + " is on its period k=" + k);
      }
    }
    for (int y = Math.max(from + 1, to - WINDOW + 1); y <= to; y++) {
      digestAt[vm][y % WINDOW] = guest.digest();
      indexAt[vm][y % WINDOW] = y;
    }
  }

  // ---- P3: a VM failure is local and exact ------------------------------------------------

  public void vmFailed(int vm, Guest state) {
    beforeFailure.put(vm, state.copy());
    long[] progress = new long[topo.vms()];
    for (int u = 0; u < progress.length; u++) {
      Guest g = u == vm ? null : guests.apply(u);
      progress[u] = g == null ? -1 : messages(g.ledger());
    }
    othersAtFailure.put(vm, progress);
  }

  @Override
  public void replayedAfterVmFailure(int vm, Guest state) {
    Guest before = beforeFailure.remove(vm);
    if (before != null) {
      report(GuestChecks.replayed(vm, before.digest(), before.ledger(), state.digest(),
          state.ledger()));
    }
    checkNoOtherWentBack(vm, othersAtFailure.remove(vm));
  }

  /**
   * P3: a VM failure is local. Judged from the guests alone: a VM's state only moves forward
   * unless it is rolled back, so every other VM running now holds at least the messages it held
   * when {@code vm} failed. (A host recovery in between may roll VMs back: it clears this.)
   */
  private void checkNoOtherWentBack(int vm, long[] atFailure) {
    if (atFailure == null) {
      return;
    }
    for (int u = 0; u < atFailure.length; u++) {
      Guest g = guests.apply(u);
      if (atFailure[u] >= 0 && g != null && messages(g.ledger()) < atFailure[u]) {
        violation("P3", "vm " + u + " went back from " + atFailure[u] + " to "
            + messages(g.ledger()) + " messages sent and received across vm " + vm
            + "'s failure");
      }
    }
  }

  private long messages(Ledger l) {
    return l.messages();
  }

  /** A host failure swept a VM that was down from a VM failure: it is now rebuilt otherwise. */
  public void forgetFailure(int vm) {
    beforeFailure.remove(vm);
    othersAtFailure.remove(vm);
  }

  // ---- P5: a host failure returns each VM to its exact state at the line -------------------

  @Override
  public void restoredToLine(int vm, int line, Guest guest) {
    forgetFailure(vm);
    int slot = line % WINDOW;
    if (indexAt[vm][slot] != line) {
      return; // older than the window: nothing recorded to compare with
    }
    report(GuestChecks.restored(vm, line, digestAt[vm][slot], guest.digest()));
  }

  // ---- P1, P6 at every recovery; P2, P6 at the end -----------------------------------------

  /** P1 and P6 over the whole system, after a recovery completed. */
  public void afterRecovery(Set<Integer> rolledBack) {
    othersAtFailure.clear(); // a host recovery rolls VMs back by design (P5 judges it)
    Ledger[] l = ledgers();
    report(GuestChecks.orphans(l, "rolled back: " + rolledBack));
    report(GuestChecks.money(l, balances(), initialMoney, true));
  }

  /** P2 and P6 after the drain: every channel delivered exactly what was sent, in order. */
  public void atEnd() {
    Ledger[] l = new Ledger[topo.vms()];
    for (int v = 0; v < l.length; v++) {
      Guest g = guests.apply(v);
      l[v] = g == null ? null : g.ledger();
    }
    report(GuestChecks.quiet(l, balances(), initialMoney));
  }

  /**
   * Whether the run has settled, from the guests alone: -1 once every VM is up and every channel
   * holds as many messages received as sent; before, the messages received so far (a VM down
   * counts as having received nothing, so its return is progress). The drain runs on while this
   * moves.
   */
  public long unsettledReceipts() {
    long received = 0;
    long sent = 0;
    boolean allUp = true;
    for (int b = 0; b < topo.vms(); b++) {
      Guest g = guests.apply(b);
      allUp &= g != null;
      if (g != null) {
        received += g.ledger().receivedTotal();
        sent += g.ledger().sentTotal();
      }
    }
    if (!allUp || sent != received) {
      return received; // a channel short of what was sent to it (the drain calls this a lot)
    }
    if (lastWalk == null || !lastWalk.stillHolds()) { // totals agree: is each channel settled?
      lastWalk = new Walk(channelsAgree());
    }
    return lastWalk.settled ? -1 : received;
  }

  /** Null until the totals first agree. */
  private Walk lastWalk;

  /**
   * What the last walk over every channel found, and the ledgers it read: the same ledger
   * objects with the same totals are the same ledgers (a ledger only counts up in place; a
   * rollback puts a copy in its place), so the answer still holds and the drain, which asks at
   * every tick, does not walk again.
   */
  private final class Walk {
    final boolean settled;
    private final Ledger[] ledgers = new Ledger[topo.vms()];
    private final long[] totals = new long[2 * topo.vms()];

    Walk(boolean settled) {
      this.settled = settled;
      for (int v = 0; v < ledgers.length; v++) {
        Guest g = guests.apply(v);
        ledgers[v] = g == null ? null : g.ledger();
        totals[2 * v] = g == null ? -1 : g.ledger().sentTotal();
        totals[2 * v + 1] = g == null ? -1 : g.ledger().receivedTotal();
      }
    }

    boolean stillHolds() {
      for (int v = 0; v < ledgers.length; v++) {
        Guest g = guests.apply(v);
        if (g == null || g.ledger() != ledgers[v] || g.ledger().sentTotal() != totals[2 * v]
            || g.ledger().receivedTotal() != totals[2 * v + 1]) {
          return false;
        }
      }
      return true;
    }
  }

  private boolean channelsAgree() {
    boolean settled = true;
    for (int b = 0; b < topo.vms(); b++) {
      Guest g = guests.apply(b);
      settled &= g != null;
      if (g == null) {
        continue;
      }
      // Only channels b's ledger or a sender's ledger records can differ: b's records here (its
      // receipts, and its sends, which the receivers' side below judges).
      for (int a : g.ledger().touched()) {
        Ledger recv = g.ledger();
        Guest other = guests.apply(a);
        settled &= other != null && other.ledger().sentCount(b) == recv.recvCount(a)
            && other.ledger().recvCount(b) == recv.sentCount(a);
      }
    }
    return settled;
  }

  private long[] balances() {
    long[] b = new long[topo.vms()];
    for (int v = 0; v < b.length; v++) {
      Guest g = guestOrSnapshot(v);
      b[v] = g == null ? 0 : g.balance();
    }
    return b;
  }

  private Ledger[] ledgers() {
    Ledger[] l = new Ledger[topo.vms()];
    for (int v = 0; v < l.length; v++) {
      l[v] = guestOrSnapshot(v).ledger();
    }
    return l;
  }

  /** A VM that is down counts with the state it failed in: P3 says it returns to exactly that. */
  private Guest guestOrSnapshot(int v) {
    Guest g = guests.apply(v);
    return g != null ? g : beforeFailure.get(v);
  }
}
