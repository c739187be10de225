package org.vmqsc.core.protocol;

/**
 * A multiset of small, slowly rising indexes with a fast minimum: how many messages of each
 * sender index are still unacknowledged, or how many backward messages are still waiting for
 * their R8 write. The live indexes span a few base periods, so a re-based array is enough.
 */
final class IndexCounts {
  private int[] counts = new int[8];
  private int offset;
  private int total;
  private int lowest = Integer.MAX_VALUE;

  void add(int index) {
    if (total == 0) {
      offset = index;
      java.util.Arrays.fill(counts, 0);
    }
    ensure(index);
    counts[index - offset]++;
    total++;
    if (index < lowest) {
      lowest = index;
    }
  }

  void remove(int index) {
    int at = index - offset;
    if (at < 0 || at >= counts.length || counts[at] == 0) {
      throw new IllegalStateException("index " + index + " not present");
    }
    counts[at]--;
    total--;
    if (total == 0) {
      lowest = Integer.MAX_VALUE;
    } else if (index == lowest) {
      while (counts[lowest - offset] == 0) {
        lowest++;
      }
    }
  }

  /** The smallest index present, or Integer.MAX_VALUE when empty. */
  int min() {
    return lowest;
  }

  int size() {
    return total;
  }

  void clear() {
    total = 0;
    lowest = Integer.MAX_VALUE;
  }

  private void ensure(int index) {
    if (index < offset) {
      int shift = offset - index;
      int[] grown = new int[Math.max(counts.length, span() + shift) * 2];
      System.arraycopy(counts, 0, grown, shift, counts.length);
      counts = grown;
      offset = index;
    } else if (index - offset >= counts.length) {
      int from = lowest == Integer.MAX_VALUE ? index : Math.min(lowest, index);
      int keep = counts.length - (from - offset);
      int need = index - from + 1;
      int[] next = new int[Math.max(counts.length, need * 2)];
      if (keep > 0) {
        System.arraycopy(counts, from - offset, next, 0, keep);
      }
      counts = next;
      offset = from;
    }
  }

  private int span() {
    return counts.length;
  }
}
