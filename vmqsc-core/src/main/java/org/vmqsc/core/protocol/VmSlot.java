package org.vmqsc.core.protocol;

import java.util.ArrayDeque;
import org.vmqsc.core.channel.ChannelCounters;
import org.vmqsc.core.channel.ChannelInbox;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;

/** Everything a hypervisor keeps for one of its VMs. */
final class VmSlot {
  final int vm;
  final int k;
  Guest guest;
  boolean up = true;
  int index;
  int incarnation;
  /** Per receiver: the last sequence number sent to it; only receivers it sent to. */
  final ChannelCounters sent = new ChannelCounters();
  /** Per sender: what was delivered, and what waits behind a gap (SPEC §5). */
  final ChannelInbox inbox = new ChannelInbox();
  long nextPosition;

  final VolatileLog log = new VolatileLog();
  final ArrayDeque<StagedCheckpoint> checkpoints = new ArrayDeque<>();
  /**
   * R7: cross-host messages this VM sent, in send order, kept until acknowledged (out of
   * {@link #inFlight}) and behind the durable line.
   */
  final ArrayDeque<Message> senderCopies = new ArrayDeque<>();
  /** Messages sent but not yet acknowledged as delivered, and their sender indexes (D2). */
  final InFlight inFlight = new InFlight();
  /** Sender indexes of R8 records staged but not yet durable. */
  final IndexCounts r8Pending = new IndexCounts();
  /** An index the VM reached and the ticket of the last write its state at that index needs. */
  record Crossing(int index, long ticket) {}

  /** Crossings whose writes are not all durable yet, oldest first. */
  final ArrayDeque<Crossing> crossings = new ArrayDeque<>();
  int durableThrough = -1;
  long lastWriteTicket;
  /** Messages that arrived while the VM was down (its hypervisor alive). */
  final ArrayDeque<Message> waiting = new ArrayDeque<>();

  VmSlot(int vm, int k, Guest guest) {
    this.vm = vm;
    this.k = k;
    this.guest = guest;
  }

  /** The highest line this VM can be recovered to from stable storage alone. */
  int usable() {
    return usable(Rules.ALL);
  }

  /** The same, with a durable-line term left out where {@code rules} switch it off (D2). */
  int usable(Rules rules) {
    int line = durableThrough;
    if (rules.unackedTerm()) {
      line = Math.min(line, inFlight.minIndex());
    }
    if (rules.pendingR8Term()) {
      line = Math.min(line, r8Pending.min());
    }
    return line;
  }

  /**
   * Whether a kept copy (R7) was acknowledged. One of an undone incarnation is no longer tracked:
   * it was sent below the line this VM rolled back to, and that line, being durable, was only
   * reached once everything sent below it was acknowledged (D2).
   */
  boolean acknowledged(Message copy) {
    return copy.senderIncarnation != incarnation || !inFlight.contains(copy);
  }

  StagedCheckpoint latestCheckpoint() {
    return checkpoints.peekLast();
  }

  /** The checkpoint this VM stands at in line {@code y}: the latest one with firstIndex <= y. */
  StagedCheckpoint checkpointFor(int y) {
    StagedCheckpoint best = null;
    for (StagedCheckpoint c : checkpoints) {
      if (c.firstIndex() <= y) {
        best = c;
      }
    }
    return best;
  }

  void noteCrossing(int index) {
    crossings.addLast(new Crossing(index, lastWriteTicket));
  }

  void applyDurable(long durableTicket) {
    while (!crossings.isEmpty() && crossings.peekFirst().ticket() <= durableTicket) {
      durableThrough = crossings.pollFirst().index();
    }
    for (StagedCheckpoint c : checkpoints) {
      if (c.ticket <= durableTicket) {
        c.durable = true;
      }
    }
  }
}
