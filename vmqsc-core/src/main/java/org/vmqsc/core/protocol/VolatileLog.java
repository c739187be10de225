package org.vmqsc.core.protocol;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.model.LogEntry;

/**
 * R5: the hypervisor's in-memory log of every determinant delivered to one VM, in delivery order.
 * It is kept back to the VM's entry in the durable line, not only to its last checkpoint (see
 * docs/protocol.md, D4): a host failure elsewhere may roll this VM back to that line. Entries are
 * appended at the tail and dropped at the head, so it is an array with a moving start.
 */
final class VolatileLog {
  private static final int MIN_CAPACITY = 16;

  private LogEntry[] entries = new LogEntry[MIN_CAPACITY];
  private int head;
  private int tail;
  private int intervalStart;

  void add(LogEntry e) {
    if (tail == entries.length) {
      makeRoom();
    }
    entries[tail++] = e;
  }

  private void makeRoom() {
    int live = tail - head;
    LogEntry[] target = live * 2 > entries.length ? new LogEntry[entries.length * 2] : entries;
    System.arraycopy(entries, head, target, 0, live);
    if (target == entries) {
      java.util.Arrays.fill(entries, live, tail, null);
    }
    entries = target;
    intervalStart -= head;
    tail = live;
    head = 0;
  }

  int size() {
    return tail - head;
  }

  /** Slots held (for tests of what the state retains). */
  int capacity() {
    return entries.length;
  }

  LogEntry get(int i) {
    return entries[head + i];
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
      if (entries[i].interval >= from && entries[i].interval < to) {
        out.add(entries[i]);
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
    while (head < tail && entries[head].interval < interval) {
      entries[head++] = null;
    }
    intervalStart = Math.max(intervalStart, head);
    if (entries.length > MIN_CAPACITY && (tail - head) * 8 < entries.length) {
      shrink(); // a burst is over: give its room back (100,000 VMs hold one array each)
    }
  }

  private void shrink() {
    int live = tail - head;
    LogEntry[] target = new LogEntry[Math.max(MIN_CAPACITY, Integer.highestOneBit(live) * 4)];
    System.arraycopy(entries, head, target, 0, live);
    entries = target;
    intervalStart -= head;
    tail = live;
    head = 0;
  }

  /** Drops entries from interval {@code interval} on: the execution after it is undone. */
  void dropFrom(int interval) {
    while (tail > head && entries[tail - 1].interval >= interval) {
      entries[--tail] = null;
    }
    intervalStart = tail;
  }

  void replaceWith(List<LogEntry> replayed) {
    java.util.Arrays.fill(entries, head, tail, null);
    head = 0;
    tail = 0;
    for (LogEntry e : replayed) {
      add(e);
    }
    intervalStart = tail;
  }

  private List<LogEntry> view(int from, int to) {
    final LogEntry[] a = entries;
    return new AbstractList<>() {
      @Override
      public LogEntry get(int i) {
        return a[from + i];
      }

      @Override
      public int size() {
        return to - from;
      }
    };
  }
}
