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
 * <p>Packed: the determinants in one array, each entry's position and interval (with the R8 mark)
 * side by side in one {@code long[]}; a {@link LogEntry} is made only when an entry is read (a
 * flush, a rollback). Every delivered message and every timer is appended here and most are
 * dropped unread once the line passes them, so an object per entry was a third of the objects a
 * message left behind: on 100,000 VMs the log is most of the live set the collector walks.
 */
final class VolatileLog {
  private static final int MIN_CAPACITY = 16;

  private Determinant[] dets = new Determinant[MIN_CAPACITY];
  /** Per entry: [2i] its position, [2i+1] its interval shifted left once, the R8 mark below. */
  private long[] meta = new long[2 * MIN_CAPACITY];
  private int head;
  private int tail;
  private int intervalStart;

  void add(LogEntry e) {
    add(e.determinant, e.interval, e.r8, e.position);
  }

  /** Appends one entry given by its fields ({@link LogEntry}'s), making no object for it. */
  void add(Determinant d, int interval, boolean r8, long position) {
    if (tail == dets.length) {
      makeRoom();
    }
    dets[tail] = d;
    meta[2 * tail] = position;
    meta[2 * tail + 1] = ((long) interval << 1) | (r8 ? 1 : 0);
    tail++;
  }

  private void makeRoom() {
    int live = tail - head;
    if (live * 2 > dets.length) {
      moveTo(dets.length * 2);
    } else {
      System.arraycopy(dets, head, dets, 0, live);
      System.arraycopy(meta, 2 * head, meta, 0, 2 * live);
      Arrays.fill(dets, live, tail, null);
      intervalStart -= head;
      tail = live;
      head = 0;
    }
  }

  /** Copies the live entries to the start of new arrays of {@code capacity} slots. */
  private void moveTo(int capacity) {
    int live = tail - head;
    Determinant[] d = new Determinant[capacity];
    long[] m = new long[2 * capacity];
    System.arraycopy(dets, head, d, 0, live);
    System.arraycopy(meta, 2 * head, m, 0, 2 * live);
    dets = d;
    meta = m;
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
    long im = meta[2 * slot + 1];
    return new LogEntry(dets[slot], (int) (im >> 1), (im & 1) != 0, meta[2 * slot]);
  }

  private int interval(int slot) {
    return (int) (meta[2 * slot + 1] >> 1);
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
    for (int i = head; i < tail; i++) {
      if (interval(i) >= from && interval(i) < to) {
        out.add(entry(i));
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
    while (head < tail && interval(head) < interval) {
      dets[head++] = null;
    }
    intervalStart = Math.max(intervalStart, head);
    if (dets.length > MIN_CAPACITY && (tail - head) * 8 < dets.length) {
      // a burst is over: give its room back (100,000 VMs hold one array each)
      moveTo(Math.max(MIN_CAPACITY, Integer.highestOneBit(tail - head) * 4));
    }
  }

  /** Drops entries from interval {@code interval} on: the execution after it is undone. */
  void dropFrom(int interval) {
    while (tail > head && interval(tail - 1) >= interval) {
      dets[--tail] = null;
    }
    intervalStart = tail;
  }

  void replaceWith(List<LogEntry> replayed) {
    Arrays.fill(dets, head, tail, null);
    head = 0;
    tail = 0;
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
