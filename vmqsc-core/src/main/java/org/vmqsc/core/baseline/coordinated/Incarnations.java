package org.vmqsc.core.baseline.coordinated;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.model.Message;

/**
 * The executions of the whole system. Coordinated checkpointing rolls every VM back together, so
 * one counter serves all VMs: incarnation i began at the committed line {@code startLine(i)}.
 * A message of an older incarnation i is still valid iff it was sent before the line the next
 * incarnation started from: the restored states sent it too. Otherwise it is an orphan of an
 * undone execution (SPEC §5). Committed lines never decrease, so the first rollback after i is
 * the strictest one, and a single comparison decides.
 */
final class Incarnations {
  private final List<Integer> startLine = new ArrayList<>(List.of(0));

  int current() {
    return startLine.size() - 1;
  }

  /** A rollback to {@code line} begins a new incarnation; returns its number. */
  int next(int line) {
    if (line < startLine.get(current())) {
      throw new IllegalStateException("rollback to line " + line + " below the line "
          + startLine.get(current()) + " an earlier rollback returned to");
    }
    startLine.add(line);
    return current();
  }

  boolean valid(Message m) {
    int inc = m.senderIncarnation;
    return inc >= current() || m.senderIndex < startLine.get(inc + 1);
  }
}
