package org.vmqsc.sim.engine;

import java.util.Arrays;

/**
 * When each VM last stood at each recent index: the state a rollback to line x returns it to is
 * the one it had when it crossed x, and the work lost is counted from then ({@link Metrics}).
 *
 * <p>Per VM, a ring of the latest write per index, up to {@link #WINDOW} indices deep (an index
 * that far behind is forgotten). The ring starts small and doubles while the indices a VM has
 * stood at span more than it holds, so a run of a few hundred periods keeps a few dozen entries
 * per VM rather than {@code WINDOW}: while the span fits, no two indices share a slot and the small
 * ring answers exactly as the full one does. Every VM starts at index 0 at time 0.
 */
final class Crossings {
  static final int WINDOW = 512;
  private static final int FIRST_CAPACITY = 8;
  private static final int EMPTY = Integer.MIN_VALUE;

  private final long[][] at;
  private final int[][] index;
  /** The lowest and highest index each VM ever stood at: their span decides the ring's size. */
  private final int[] low;
  private final int[] high;

  Crossings(int vms) {
    at = new long[vms][];
    index = new int[vms][];
    low = new int[vms];
    high = new int[vms];
    for (int v = 0; v < vms; v++) {
      at[v] = new long[FIRST_CAPACITY];
      index[v] = new int[FIRST_CAPACITY];
      Arrays.fill(index[v], EMPTY);
      index[v][0] = 0; // booted at index 0, time 0
    }
  }

  /** VM {@code vm} stands at index {@code y} from time {@code t}. */
  void stand(int vm, int y, long t) {
    low[vm] = Math.min(low[vm], y);
    high[vm] = Math.max(high[vm], y);
    int span = high[vm] - low[vm] + 1;
    while (index[vm].length < WINDOW && span > index[vm].length) {
      grow(vm);
    }
    int slot = y & (index[vm].length - 1);
    index[vm][slot] = y;
    at[vm][slot] = t;
  }

  /** When {@code vm} last stood at index {@code y}, or -1 if it is not (or no longer) known. */
  long when(int vm, int y) {
    int slot = y & (index[vm].length - 1);
    return index[vm][slot] == y ? at[vm][slot] : -1;
  }

  private void grow(int vm) {
    int[] oldIndex = index[vm];
    long[] oldAt = at[vm];
    int capacity = oldIndex.length * 2;
    index[vm] = new int[capacity];
    at[vm] = new long[capacity];
    Arrays.fill(index[vm], EMPTY);
    for (int i = 0; i < oldIndex.length; i++) {
      if (oldIndex[i] != EMPTY) {
        int slot = oldIndex[i] & (capacity - 1);
        index[vm][slot] = oldIndex[i];
        at[vm][slot] = oldAt[i];
      }
    }
  }
}
