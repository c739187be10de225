package org.vmqsc.sim.oracle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.sim.Violation;

/**
 * The oracle of SPEC §4. It sees every guest's own ledger (what the guest's state says it sent
 * and received, per peer) and checks, at every recovery and at the end of the run:
 * P1 no receiver holds a message its sender's state never sent; P2 after the drain every message
 * sent was received exactly once, in order; P3 a VM failure replays to the very same state; P4
 * basic checkpoints fall on the VM's own period and forced ones only come from drift or delay;
 * P5 a host failure restores each VM to exactly its state at the durable line; P6 money is
 * conserved. It never reads the protocol's own counters.
 */
public final class Oracle implements ProtocolListener {
  private static final int WINDOW = 512;

  private final long seed;
  private final Topology topo;
  private final boolean driftOrDelay;
  private final LongSupplier clock;
  private final long initialMoney;
  private final long[][] digestAt;
  private final int[][] indexAt;
  private final Map<Integer, Guest> beforeFailure = new HashMap<>();
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

  // ---- P4, and the states of every line (for P5) ------------------------------------------

  @Override
  public void checkpoint(int vm, int firstIndex, int dueIndex, boolean forced, long bytes) {
    if (!topo.due(vm, dueIndex)) {
      violation("P4", "vm " + vm + " checkpointed at index " + dueIndex + ", not on its period k="
          + topo.k(vm));
    }
    if (forced && !driftOrDelay) {
      violation("P4", "vm " + vm + " took a forced checkpoint at index " + dueIndex
          + " with no clock drift and no network delay");
    }
  }

  @Override
  public void crossed(int vm, int from, int to, Guest guest) {
    for (int y = Math.max(from + 1, to - WINDOW + 1); y <= to; y++) {
      digestAt[vm][y % WINDOW] = guest.digest();
      indexAt[vm][y % WINDOW] = y;
    }
  }

  // ---- P3: a VM failure is local and exact ------------------------------------------------

  public void vmFailed(int vm, Guest state) {
    beforeFailure.put(vm, state.copy());
  }

  @Override
  public void replayedAfterVmFailure(int vm, Guest state) {
    Guest before = beforeFailure.remove(vm);
    if (before != null && (before.digest() != state.digest()
        || !before.ledger().equals(state.ledger()))) {
      violation("P3", "vm " + vm + " replayed to digest " + Long.toHexString(state.digest())
          + " but had " + Long.toHexString(before.digest()) + " when it failed");
    }
  }

  /** A host failure swept a VM that was down from a VM failure: it is now rebuilt otherwise. */
  public void forgetFailure(int vm) {
    beforeFailure.remove(vm);
  }

  // ---- P5: a host failure returns each VM to its exact state at the line -------------------

  @Override
  public void restoredToLine(int vm, int line, Guest guest) {
    forgetFailure(vm);
    int slot = line % WINDOW;
    if (indexAt[vm][slot] != line) {
      return; // older than the window: nothing recorded to compare with
    }
    if (digestAt[vm][slot] != guest.digest()) {
      violation("P5", "vm " + vm + " restored to line " + line + " with digest "
          + Long.toHexString(guest.digest()) + ", but its state at index " + line + " was "
          + Long.toHexString(digestAt[vm][slot]));
    }
  }

  // ---- P1, P6 at every recovery; P2, P6 at the end -----------------------------------------

  /** P1 and P6 over the whole system, after a recovery completed. */
  public void afterRecovery(Set<Integer> rolledBack) {
    Ledger[] l = ledgers();
    for (int b = 0; b < l.length; b++) {
      for (int a = 0; a < l.length; a++) {
        int sent = l[a].sentCount(b);
        int recv = l[b].recvCount(a);
        if (recv > sent || (recv == sent && l[a].sentChain(b) != l[b].recvChain(a))) {
          violation("P1", "orphan: vm " + b + " holds " + recv + " messages from vm " + a
              + " whose state sent " + sent + (recv == sent ? " different ones" : "")
              + " (rolled back: " + rolledBack + ")");
        }
      }
    }
    checkMoney(l, true);
  }

  /** P2 and P6 after the drain: every channel delivered exactly what was sent, in order. */
  public void atEnd() {
    for (int v = 0; v < topo.vms(); v++) {
      if (guests.apply(v) == null) {
        violation("P2", "vm " + v + " is still down at the end of the run");
        return;
      }
    }
    Ledger[] l = ledgers();
    int reported = 0;
    for (int a = 0; a < l.length && reported < 20; a++) {
      for (int b = 0; b < l.length && reported < 20; b++) {
        int sent = l[a].sentCount(b);
        int recv = l[b].recvCount(a);
        if (sent != recv || l[a].sentChain(b) != l[b].recvChain(a)) {
          String what = recv < sent ? (sent - recv) + " lost" : recv > sent
              ? (recv - sent) + " received twice or orphaned" : "different messages received";
          violation("P2", "channel vm " + a + " -> vm " + b + ": sent " + sent + ", received "
              + recv + " (" + what + ")");
          reported++;
        }
      }
    }
    checkMoney(l, false);
  }

  private void checkMoney(Ledger[] l, boolean inFlightAllowed) {
    if (initialMoney < 0) {
      return;
    }
    long total = 0;
    long inFlight = 0;
    for (int v = 0; v < l.length; v++) {
      total += guestOrSnapshot(v).balance();
      for (int p = 0; p < l.length; p++) {
        inFlight += l[v].sentAmount(p) - l[p].recvAmount(v);
      }
    }
    if (total + inFlight != initialMoney) {
      violation("P6", "money not conserved: balances " + total + " + in flight " + inFlight
          + " != " + initialMoney);
    } else if (!inFlightAllowed && inFlight != 0) {
      violation("P6", "money still in flight after the drain: " + inFlight);
    }
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
