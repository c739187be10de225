package org.vmqsc.core.protocol;

import java.util.TreeMap;
import org.vmqsc.core.model.Message;

/**
 * Messages of one channel that arrived ahead of a gap (possible only around recovery, when
 * retransmitted copies and messages still in flight interleave). Delivery stays in sequence order.
 */
final class Holdback {
  private final TreeMap<Integer, Message> bySeq = new TreeMap<>();

  void hold(Message m) {
    bySeq.putIfAbsent(m.seq, m);
  }

  Message takeIfNext(int expectedSeq) {
    Message m = bySeq.get(expectedSeq);
    if (m != null) {
      bySeq.remove(expectedSeq);
    }
    return m;
  }

  void dropUpTo(int seq) {
    bySeq.headMap(seq, true).clear();
  }

  void removeIf(java.util.function.Predicate<Message> p) {
    bySeq.values().removeIf(p);
  }

  boolean isEmpty() {
    return bySeq.isEmpty();
  }
}
