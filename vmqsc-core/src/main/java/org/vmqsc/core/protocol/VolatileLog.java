package org.vmqsc.core.protocol;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.vmqsc.core.model.Determinant;
import org.vmqsc.core.model.LogEntry;

/**
 * R5: the hypervisor's in-memory log of every determinant delivered to one VM, in delivery order.
 * It is kept back to the VM's entry in the durable line, not only to its last checkpoint (see
 * docs/protocol.md, D4): a host failure elsewhere may roll this VM back to that line. Entries are
 * appended at the tail and dropped at the head, so it is an array with a moving start.
 *
 * <p>Packed: the log holds the determinants only, one reference each, and describes them by runs
 * ({@link LogRuns}): consecutive entries of one interval, with the same R8 mark and consecutive
 * positions, are one run. A VM delivers in one interval for a whole period and positions count up
 * by one, so a run is an interval's worth of entries and an append touches this object and the
 * array's tail. A {@link LogEntry} is made only when an entry is read (a flush, a rollback): every
 * delivered message and every timer is appended here and most are dropped unread once the line
 * passes them, and an object per entry was a third of the objects a message left behind (on
 * 100,000 VMs the log is most of the live set the collector walks).
 */
final class VolatileLog {
  private static final int MIN_CAPACITY = 16;

  private Determinant[] dets = new Determinant[MIN_CAPACITY];
  private int head;
  private int tail;
  private int intervalStart;
  private final LogRuns runs = new LogRuns();
  // The last run's description, here so that an append reads no other object.
  private int lastInterval;
  private boolean lastR8;
  private long nextPosition = Long.MIN_VALUE;

  void add(LogEntry e) {
    add(e.determinant, e.interval, e.r8, e.position);
  }

  /** Appends one entry given by its fields ({@link LogEntry}'s), making no object for it. */
  void add(Determinant d, int interval, boolean r8, long position) {
    if (tail == dets.length) {
      makeRoom();
    }
    if (position != nextPosition || interval != lastInterval || r8 != lastR8 || tail == head) {
      runs.push(tail, interval, r8, position);
      lastInterval = interval;
      lastR8 = r8;
    }
    nextPosition = position + 1;
    dets[tail++] = d;
  }

  private void makeRoom() {
    int live = tail - head;
    moveTo(live * 2 > dets.length ? dets.length * 2 : dets.length);
  }

  /** Moves the live entries to the start of an array of {@code capacity} slots. */
  private void moveTo(int capacity) {
    int live = tail - head;
    Determinant[] d = capacity == dets.length ? dets : new Determinant[capacity];
    System.arraycopy(dets, head, d, 0, live);
    if (d == dets) {
      Arrays.fill(dets, live, tail, null);
    }
    dets = d;
    runs.shift(head);
    intervalStart -= head;
    tail = live;
    head = 0;
  }

  int size() {
    return tail - head;
  }

  /** Slots held (for tests of what the state retains). */
  int capacity() {
    return dets.length;
  }

  LogEntry get(int i) {
    return entry(head + i);
  }

  private LogEntry entry(int slot) {
    return entry(slot, runs.runOf(slot));
  }

  /** The entry at {@code slot}, which run {@code r} holds. */
  private LogEntry entry(int slot, int r) {
    return new LogEntry(dets[slot], runs.interval(r), runs.r8(r),
        runs.position(r) + (slot - runs.start(r)));
  }

  /** Marks the start of a new interval (called when the VM's index advances). */
  void startInterval() {
    intervalStart = tail;
  }

  /** Entries delivered in the interval that is ending now. */
  List<LogEntry> currentInterval() {
    return view(intervalStart, tail);
  }

  /** Entries delivered in intervals [from, to). */
  List<LogEntry> between(int from, int to) {
    List<LogEntry> out = new ArrayList<>();
    for (int r = runs.first(); r < runs.end(); r++) {
      int interval = runs.interval(r);
      if (interval >= from && interval < to) {
        for (int slot = runs.start(r); slot < runs.stop(r, tail); slot++) {
          out.add(entry(slot, r));
        }
      }
    }
    return out;
  }

  /** Entries delivered in interval {@code from} or later. */
  List<LogEntry> from(int from) {
    return between(from, Integer.MAX_VALUE);
  }

  /** Drops entries before interval {@code interval}: no usable line needs them. */
  void dropBefore(int interval) {
    while (head < tail && runs.interval(runs.first()) < interval) {
      int stop = runs.stop(runs.first(), tail);
      Arrays.fill(dets, head, stop, null);
      head = stop;
      runs.dropFirst();
    }
    intervalStart = Math.max(intervalStart, head);
    if (dets.length > MIN_CAPACITY && (tail - head) * 8 < dets.length) {
      // a burst is over: give its room back (100,000 VMs hold one array each)
      moveTo(Math.max(MIN_CAPACITY, Integer.highestOneBit(tail - head) * 4));
    }
  }

  /** Drops entries from interval {@code interval} on: the execution after it is undone. */
  void dropFrom(int interval) {
    while (tail > head && runs.interval(runs.end() - 1) >= interval) {
      int start = runs.start(runs.end() - 1);
      Arrays.fill(dets, start, tail, null);
      tail = start;
      runs.dropLast();
    }
    intervalStart = tail;
    nextPosition = Long.MIN_VALUE; // the next append opens a run
  }

  void replaceWith(List<LogEntry> replayed) {
    Arrays.fill(dets, head, tail, null);
    head = 0;
    tail = 0;
    runs.clear();
    nextPosition = Long.MIN_VALUE;
    for (LogEntry e : replayed) {
      add(e);
    }
    intervalStart = tail;
  }

  /** Entries [from, to) as they are now, each made when it is read. */
  private List<LogEntry> view(int from, int to) {
    return new AbstractList<>() {
      @Override
      public LogEntry get(int i) {
        return entry(from + i);
      }

      @Override
      public int size() {
        return to - from;
      }
    };
  }
}
