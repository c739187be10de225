package org.vmqsc.core.protocol;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.model.LogEntry;

/**
 * R5: the hypervisor's in-memory log of every determinant delivered to one VM, in delivery order.
 * It is kept back to the VM's entry in the durable line, not only to its last checkpoint (see
 * docs/protocol.md, D5): a host failure elsewhere may roll this VM back to that line.
 */
final class VolatileLog {
  private final ArrayList<LogEntry> entries = new ArrayList<>();
  private int intervalStart;

  void add(LogEntry e) {
    entries.add(e);
  }

  int size() {
    return entries.size();
  }

  LogEntry get(int i) {
    return entries.get(i);
  }

  /** Marks the start of a new interval (called when the VM's index advances). */
  void startInterval() {
    intervalStart = entries.size();
  }

  /** Entries delivered in the interval that is ending now. */
  List<LogEntry> currentInterval() {
    return entries.subList(intervalStart, entries.size());
  }

  /** Entries delivered in intervals [from, to). */
  List<LogEntry> between(int from, int to) {
    List<LogEntry> out = new ArrayList<>();
    for (LogEntry e : entries) {
      if (e.interval >= from && e.interval < to) {
        out.add(e);
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
    int n = 0;
    while (n < entries.size() && entries.get(n).interval < interval) {
      n++;
    }
    if (n > 0) {
      entries.subList(0, n).clear();
      intervalStart = Math.max(0, intervalStart - n);
    }
  }

  /** Drops entries from interval {@code interval} on: the execution after it is undone. */
  void dropFrom(int interval) {
    int n = entries.size();
    while (n > 0 && entries.get(n - 1).interval >= interval) {
      n--;
    }
    entries.subList(n, entries.size()).clear();
    intervalStart = entries.size();
  }

  void replaceWith(List<LogEntry> replayed) {
    entries.clear();
    entries.addAll(replayed);
    intervalStart = entries.size();
  }
}
