package org.vmqsc.core.baseline.pessimistic;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.vmqsc.core.channel.ChannelCounters;
import org.vmqsc.core.channel.ChannelSeqs;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.util.IntMap;

/**
 * The sending hypervisor's volatile copies of one VM's messages, kept per destination in sequence
 * order until the receiver acknowledges that they are on its stable log. Acknowledgements are
 * cumulative (a receiver logs each channel in sequence order), so dropping is from the head.
 * It also remembers, per destination, the highest sequence number acknowledged: that decides when
 * a checkpoint becomes safe. Both exist only for destinations this VM sent to; a destination's
 * queue goes once everything in it is acknowledged.
 */
final class SenderCopies {
  private final boolean keep;
  private final ChannelCounters acked = new ChannelCounters();
  private final IntMap<ArrayDeque<Message>> byDest = new IntMap<>();
  private int size;

  /** {@code keep} false is a deliberately broken variant (Rules.r7SenderCopies off). */
  SenderCopies(boolean keep) {
    this.keep = keep;
  }

  void keep(Message m) {
    if (!keep || m.seq <= acked.get(m.to)) {
      return;
    }
    byDest.computeIfAbsent(m.to, d -> new ArrayDeque<>()).addLast(m);
    size++;
  }

  /** The receiver logged every message of this channel up to {@code seq}. */
  void ack(int dest, int seq) {
    if (seq <= acked.get(dest)) {
      return;
    }
    acked.raise(dest, seq);
    ArrayDeque<Message> q = byDest.get(dest);
    while (q != null && !q.isEmpty() && q.peekFirst().seq <= seq) {
      q.pollFirst();
      size--;
    }
    if (q != null && q.isEmpty()) {
      byDest.remove(dest); // reclaimed: the acknowledged counter alone goes on
    }
  }

  /** After a restart from a safe checkpoint: everything sent before it was logged. */
  void assumeAcked(ChannelSeqs sentThrough) {
    for (int d : sentThrough.channels()) {
      acked.raise(d, sentThrough.get(d));
    }
  }

  /** Whether every message sent up to {@code sentThrough} (per destination) is acknowledged. */
  boolean ackedThrough(ChannelSeqs sentThrough) {
    for (int d : sentThrough.channels()) {
      if (acked.get(d) < sentThrough.get(d)) {
        return false;
      }
    }
    return true;
  }

  /** Every copy to a destination {@code dest} accepts, destinations ascending. */
  void forEachTo(IntPredicate dest, Consumer<Message> action) {
    for (int d : byDest.keys()) {
      if (dest.test(d)) {
        byDest.get(d).forEach(action);
      }
    }
  }

  int size() {
    return size;
  }

  /** Destinations with copies kept (for tests of what the state retains). */
  int channels() {
    return byDest.size();
  }
}
