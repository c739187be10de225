package org.vmqsc.core.baseline.pessimistic;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.vmqsc.core.model.Message;

/**
 * The sending hypervisor's volatile copies of one VM's messages, kept per destination in sequence
 * order until the receiver acknowledges that they are on its stable log. Acknowledgements are
 * cumulative (a receiver logs each channel in sequence order), so dropping is from the head.
 * It also remembers, per destination, the highest sequence number acknowledged: that decides when
 * a checkpoint becomes safe.
 */
final class SenderCopies {
  private final boolean keep;
  private final int[] acked;
  private final ArrayDeque<Message>[] byDest;
  private int size;

  /** {@code keep} false is a deliberately broken variant (Rules.r7SenderCopies off). */
  @SuppressWarnings("unchecked")
  SenderCopies(int vms, boolean keep) {
    this.keep = keep;
    this.acked = new int[vms];
    this.byDest = new ArrayDeque[vms];
  }

  void keep(Message m) {
    if (!keep || m.seq <= acked[m.to]) {
      return;
    }
    if (byDest[m.to] == null) {
      byDest[m.to] = new ArrayDeque<>();
    }
    byDest[m.to].addLast(m);
    size++;
  }

  /** The receiver logged every message of this channel up to {@code seq}. */
  void ack(int dest, int seq) {
    if (seq <= acked[dest]) {
      return;
    }
    acked[dest] = seq;
    ArrayDeque<Message> q = byDest[dest];
    while (q != null && !q.isEmpty() && q.peekFirst().seq <= seq) {
      q.pollFirst();
      size--;
    }
  }

  /** After a restart from a safe checkpoint: everything sent before it was logged. */
  void assumeAcked(int[] sentThrough) {
    for (int d = 0; d < acked.length; d++) {
      acked[d] = Math.max(acked[d], sentThrough[d]);
    }
  }

  /** Whether every message sent up to {@code sentThrough} (per destination) is acknowledged. */
  boolean ackedThrough(int[] sentThrough) {
    for (int d = 0; d < acked.length; d++) {
      if (acked[d] < sentThrough[d]) {
        return false;
      }
    }
    return true;
  }

  void forEachTo(IntPredicate dest, Consumer<Message> action) {
    for (int d = 0; d < byDest.length; d++) {
      if (byDest[d] != null && dest.test(d)) {
        byDest[d].forEach(action);
      }
    }
  }

  int size() {
    return size;
  }
}
