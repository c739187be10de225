package org.vmqsc.core.baseline.bcs;

import java.util.TreeMap;

/**
 * A multiset of sequence numbers with its minimum: the sns of a VM's sends not yet acknowledged,
 * or of its CHANNEL records not yet durable. The durable line may not pass the smallest of them.
 */
final class SnCounts {
  private final TreeMap<Integer, Integer> counts = new TreeMap<>();

  void add(int sn) {
    counts.merge(sn, 1, Integer::sum);
  }

  void remove(int sn) {
    Integer c = counts.get(sn);
    if (c == null) {
      throw new IllegalStateException("sn " + sn + " not present");
    }
    if (c == 1) {
      counts.remove(sn);
    } else {
      counts.put(sn, c - 1);
    }
  }

  /** The smallest sn present, or Integer.MAX_VALUE when empty (it then bounds nothing). */
  int min() {
    return counts.isEmpty() ? Integer.MAX_VALUE : counts.firstKey();
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }
}
