package org.vmqsc.core.protocol;

/**
 * The runs of a {@link VolatileLog}: each names the slot its entries start at, their interval,
 * their R8 mark and the position of its first entry (the rest follow one by one); it ends where
 * the next run starts, the last at the log's tail. A log holds a few runs (one per interval it
 * keeps, more only around R8 receipts and rollbacks), oldest first, three longs apiece.
 */
final class LogRuns {
  private static final int FIELDS = 3;
  private long[] runs = new long[FIELDS * 4];
  private int first;
  private int end;

  void push(int startSlot, int interval, boolean r8, long position) {
    if (FIELDS * (end + 1) > runs.length) {
      int live = end - first;
      long[] target = 2 * live + 2 > runs.length / FIELDS ? new long[2 * runs.length] : runs;
      System.arraycopy(runs, FIELDS * first, target, 0, FIELDS * live);
      runs = target;
      first = 0;
      end = live;
    }
    int at = FIELDS * end++;
    runs[at] = startSlot;
    runs[at + 1] = ((long) interval << 1) | (r8 ? 1 : 0);
    runs[at + 2] = position;
  }

  /** The log's slots moved down by {@code by} (it compacted). */
  void shift(int by) {
    for (int r = first; r < end; r++) {
      runs[FIELDS * r] -= by;
    }
  }

  int first() {
    return first;
  }

  /** One past the last run. */
  int end() {
    return end;
  }

  int start(int r) {
    return (int) runs[FIELDS * r];
  }

  /** One past the last slot of run {@code r}, in a log whose tail is {@code tail}. */
  int stop(int r, int tail) {
    return r + 1 < end ? start(r + 1) : tail;
  }

  int interval(int r) {
    return (int) (runs[FIELDS * r + 1] >> 1);
  }

  boolean r8(int r) {
    return (runs[FIELDS * r + 1] & 1) != 0;
  }

  long position(int r) {
    return runs[FIELDS * r + 2];
  }

  /** The run holding {@code slot} (a live one), searched from the newest: reads are of the end. */
  int runOf(int slot) {
    int r = end - 1;
    while (start(r) > slot) {
      r--;
    }
    return r;
  }

  void dropFirst() {
    first++;
    if (first == end) {
      clear();
    }
  }

  void dropLast() {
    end--;
    if (first == end) {
      clear();
    }
  }

  void clear() {
    first = 0;
    end = 0;
    if (runs.length > FIELDS * 64) {
      runs = new long[FIELDS * 4]; // a rollback's or an R8 burst's runs are gone: their room too
    }
  }
}
