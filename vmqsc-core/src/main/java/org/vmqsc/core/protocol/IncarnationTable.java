package org.vmqsc.core.protocol;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.model.Message;

/**
 * Which executions of each VM still count. When VM v is rolled back to line Y, its incarnation
 * grows; a message from an older incarnation is an orphan iff it was sent at index >= Y (after the
 * state v returned to), and must be dropped wherever it turns up (SPEC §5).
 */
final class IncarnationTable {
  private final List<int[]>[] rollbacks;

  @SuppressWarnings("unchecked")
  IncarnationTable(int vms) {
    rollbacks = new List[vms];
  }

  void record(int vm, int incarnation, int lineIndex) {
    if (rollbacks[vm] == null) {
      rollbacks[vm] = new ArrayList<>(2);
    }
    rollbacks[vm].add(new int[] {incarnation, lineIndex});
  }

  boolean valid(Message m) {
    List<int[]> r = rollbacks[m.from];
    if (r == null) {
      return true;
    }
    for (int[] rb : r) {
      if (rb[0] > m.senderIncarnation && m.senderIndex >= rb[1]) {
        return false;
      }
    }
    return true;
  }

  /** True when an item of {@code incarnation} about {@code interval} was undone by a rollback. */
  boolean undoneBy(int vm, int incarnation, int interval) {
    List<int[]> r = rollbacks[vm];
    if (r == null) {
      return false;
    }
    for (int[] rb : r) {
      if (rb[0] > incarnation && interval >= rb[1]) {
        return true;
      }
    }
    return false;
  }

  int current(int vm) {
    List<int[]> r = rollbacks[vm];
    return r == null ? 0 : r.get(r.size() - 1)[0];
  }
}
