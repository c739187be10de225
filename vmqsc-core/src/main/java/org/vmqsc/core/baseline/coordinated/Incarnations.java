package org.vmqsc.core.baseline.coordinated;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.model.Message;

/**
 * The executions of the whole system, as an immutable value: the manager makes the next one at each
 * rollback and hands it to the hosts in {@link LineCall.RestoreLine}. Coordinated checkpointing
 * rolls every VM back together, so one counter serves all VMs: incarnation i began at the
 * committed line {@code startLine(i)}. A message of an older incarnation i is still valid iff it
 * was sent before the line the next incarnation started from: the restored states sent it too.
 * Otherwise it is an orphan of an undone execution (SPEC §5). Committed lines never decrease, so
 * the first rollback after i is the strictest one, and a single comparison decides.
 */
final class Incarnations {
  static final Incarnations FIRST = new Incarnations(List.of(0));

  private final List<Integer> startLine;

  Incarnations(List<Integer> startLines) {
    this.startLine = List.copyOf(startLines);
  }

  int current() {
    return startLine.size() - 1;
  }

  List<Integer> startLines() {
    return startLine;
  }

  /** A rollback to {@code line} begins a new incarnation. */
  Incarnations next(int line) {
    if (line < startLine.get(current())) {
      throw new IllegalStateException("rollback to line " + line + " below the line "
          + startLine.get(current()) + " an earlier rollback returned to");
    }
    List<Integer> lines = new ArrayList<>(startLine);
    lines.add(line);
    return new Incarnations(lines);
  }

  boolean valid(Message m) {
    int inc = m.senderIncarnation;
    return inc >= current() || m.senderIndex < startLine.get(inc + 1);
  }
}
