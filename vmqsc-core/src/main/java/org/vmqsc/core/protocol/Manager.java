package org.vmqsc.core.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.AckList;
import org.vmqsc.core.role.Report;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableStorage;

/**
 * The manager side of VM_QSC: it keeps the consistent line (R4) from the hypervisors' reports.
 * The <em>taken</em> line is the highest index every VM has crossed (every VM due there has its
 * checkpoint; every other VM has closed the interval before). The <em>durable</em> line is the
 * highest index whose states, logs and in-transit messages are all on stable storage: the line a
 * host failure returns to (P5). Reports are snapshots; the durable line never moves backwards.
 */
public final class Manager {
  /** Where the manager's announcements go: one message to each live hypervisor. */
  public interface Hypervisors {
    void announce(int host, int durableLine, List<Ack> relayedAcks);
  }

  private final Topology topo;
  /** Where each VM runs; recovery moves VMs of a failed host that does not come back (D14). */
  private final Placement placement;
  private final StableStorage storage;
  private final ProtocolListener listener;
  private final int[] index;
  private final int[] usable;
  private final int[] incarnation;
  /**
   * Per VM, the {@code resentAt} a report must carry before its {@code usable} counts again: set
   * when a recovery re-sent kept copies from the VM's host ({@link #resent}), 0 otherwise.
   */
  private final int[] heldUntil;
  /** The largest k of any VM: how far back lines share checkpoints (D15). */
  private final int maxK;
  private int takenLine = 0;
  /** Line 0 is the VMs' boot images, durable before anything runs. */
  private int durableLine = 0;
  /**
   * Older durable lines still restorable when the storage can be damaged (D15), oldest first:
   * every one back to {@code kmax + 1} periods below the durable line (a range checkpoint, D1,
   * can start a period before its due index) and the newest one further
   * back, so that among them one stands on other checkpoints than the durable line for every
   * VM (an MI_k VM stands on one checkpoint for k consecutive lines).
   */
  private final java.util.ArrayDeque<Integer> fallbackLines = new java.util.ArrayDeque<>();
  private Hypervisors hypervisors;
  private final List<AckList> relay = new ArrayList<>();

  public Manager(Topology topo, StableStorage storage, ProtocolListener listener) {
    this.topo = topo;
    this.placement = new Placement(topo);
    this.storage = storage;
    this.listener = listener;
    this.index = new int[topo.vms()];
    this.usable = new int[topo.vms()];
    this.incarnation = new int[topo.vms()];
    this.heldUntil = new int[topo.vms()];
    int k = 1;
    for (int v = 0; v < topo.vms(); v++) {
      k = Math.max(k, topo.k(v));
    }
    this.maxK = k;
    Arrays.fill(usable, 0);
    for (int h = 0; h < topo.hosts(); h++) {
      relay.add(new AckList());
    }
  }

  /**
   * What the manager must keep durably to carry on after its own restart: the lines and every
   * VM's incarnation. Reports refill the rest within one period.
   */
  public record State(int takenLine, int durableLine, int[] fallbackLines, int[] incarnation) {}

  public State state() {
    return new State(takenLine, durableLine, fallbackLines(), incarnation.clone());
  }

  /** A restarted manager takes up where its durable state left off. */
  public void restore(State s) {
    takenLine = s.takenLine();
    durableLine = s.durableLine();
    fallbackLines.clear();
    for (int l : s.fallbackLines()) {
      fallbackLines.addLast(l);
    }
    System.arraycopy(s.incarnation(), 0, incarnation, 0, incarnation.length);
    Arrays.fill(index, s.takenLine());
    Arrays.fill(usable, s.durableLine());
  }

  public void connect(Hypervisors hvs) {
    this.hypervisors = hvs;
  }

  /**
   * R4: a hypervisor's periodic report; the lines move when the slowest VM allows. An entry made
   * before the VM's latest rollback (an older incarnation, D6) is ignored: it was on its way while
   * the recovery ran and describes the undone execution, whose {@code usable} may be past a
   * message the rollback put back in transit (found by the oracle in random world 812 with
   * delayed control messages).
   */
  public void onReport(Report r) {
    listener.controlMessage("report");
    for (int i = 0; i < r.vms().length; i++) {
      int v = r.vms()[i];
      if (r.incarnation()[i] >= incarnation[v]) {
        index[v] = r.index()[i];
        if (r.resentAt() >= heldUntil[v]) { // else made before the re-sends (see resent)
          usable[v] = r.usable()[i];
        }
      }
    }
    AckList acks = AckList.of(r.acks());
    for (int k = 0; k < acks.rangeCount(); k++) {
      relay.get(placement.hostOf(acks.from(k))).addRange(acks, k);
    }
    recompute();
  }

  private void recompute() {
    int taken = Integer.MAX_VALUE;
    int durable = Integer.MAX_VALUE;
    for (int v = 0; v < index.length; v++) {
      taken = Math.min(taken, index[v]);
      durable = Math.min(durable, usable[v]);
    }
    takenLine = Math.max(takenLine, taken);
    if (durable > durableLine) {
      if (storage.linesKept() > 1) {
        fallbackLines.addLast(durableLine); // D15: its items stay while it may be needed
      }
      durableLine = durable;
      trimFallbackLines();
      int keep = fallbackLines.isEmpty() ? durableLine : fallbackLines.peekFirst();
      for (int v = 0; v < topo.vms(); v++) {
        storage.reclaim(v, keep);
      }
    }
    listener.lines(takenLine, durableLine);
  }

  /**
   * The manager's own period: one message to each hypervisor with the durable line and the
   * acknowledgements relayed for its VMs. This keeps control traffic at two messages a host a
   * period (report and announcement) whatever the number of hosts talking to each other.
   */
  public void onTick() {
    // D15: with older lines kept, the oldest one is what hypervisors may trim to; an announcement
    // still in flight when a recovery falls back then names a line at or below the one it chose.
    int announced = fallbackLines.isEmpty() ? durableLine : fallbackLines.peekFirst();
    for (int h = 0; h < topo.hosts(); h++) {
      listener.controlMessage("announce");
      List<Ack> acks = takeRelayed(h);
      if (hypervisors != null) {
        hypervisors.announce(h, announced, acks);
      }
    }
  }

  /** The acknowledgements held for the senders on host {@code h}; the manager keeps none. */
  List<Ack> takeRelayed(int h) {
    AckList acks = relay.get(h);
    relay.set(h, acks.freezeAndStartNext());
    return acks;
  }

  public int takenLine() {
    return takenLine;
  }

  public int durableLine() {
    return durableLine;
  }

  /** Keeps the lines down to kmax + 1 below the durable line, and one more below that. */
  private void trimFallbackLines() {
    int floor = durableLine - maxK - 1;
    while (fallbackLines.size() > 1) {
      java.util.Iterator<Integer> it = fallbackLines.iterator();
      it.next();
      if (it.next() > floor) {
        break; // the second oldest is still above the floor: the oldest is the one below it
      }
      fallbackLines.pollFirst();
    }
  }

  /** The older lines recovery may fall back to when the durable one is damaged (D15), newest
   * first; empty when none is kept. */
  public int[] fallbackLines() {
    int[] out = new int[fallbackLines.size()];
    int i = out.length;
    for (int l : fallbackLines) {
      out[--i] = l;
    }
    return out;
  }

  /** The next incarnation of a VM that is about to roll back. */
  int nextIncarnation(int vm) {
    return ++incarnation[vm];
  }

  /** After a rollback the VMs stand at the line: what the manager knows of them is reset. */
  void rolledBackTo(int vm, int line) {
    index[vm] = line;
    usable[vm] = line;
    heldUntil[vm] = 0; // its new incarnation's reports are all made after the recovery
  }

  /**
   * Phase 5 of a recovery to {@code line} re-sent kept copies (R7) from the hosts of these VMs,
   * which were not rolled back. A re-sent copy is in flight again (D4, R7'), with a sender index
   * that may lie below the {@code usable} the manager last heard for its sender: the claim of D2
   * ("messages sent after a report have s at or above it") does not hold for it, and the
   * incarnation check does not catch the stale figure (the sender kept its execution). So each
   * such VM's usable line stands at {@code line} (a copy still kept has s >= line, R7') until a
   * report its host made after the re-send arrives; one made before, even if it arrives later
   * (delayed control), is ignored. Found by the oracle in random world 1062172961861436781: the
   * sender's host failed before reporting again, another report moved the line past the copies,
   * and a second failure of the receiver's host lost them.
   */
  void resent(java.util.Set<Integer> vms, int line) {
    int known = 0;
    for (int c : incarnation) {
      known += c;
    }
    for (int v : vms) {
      usable[v] = Math.min(usable[v], line);
      heldUntil[v] = known;
    }
  }

  /**
   * Every VM fell back to an older line (D15): it is the durable line again, and no older one is
   * known to be whole.
   */
  void fellBackTo(int line) {
    durableLine = line;
    takenLine = Math.min(takenLine, line);
    fallbackLines.removeIf(l -> l >= line); // the older ones are still on storage
  }

  Topology topology() {
    return topo;
  }

  /** Where each VM runs, as the manager decided it (a hypervisor learns it in phase 2). */
  public Placement placement() {
    return placement;
  }

  ProtocolListener listener() {
    return listener;
  }

  StableStorage storage() {
    return storage;
  }
}
