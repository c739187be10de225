package org.vmqsc.core.baseline.bcs;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.StableItem.CheckpointItem;

/**
 * Every rollback so far, per VM: the incarnation it started, the line and the sn of the
 * checkpoint the VM was restored from. The manager announces each rollback to every hypervisor;
 * one shared table stands for those copies. It answers the two questions an undone execution
 * raises: is this message an orphan, and is this checkpoint part of the VM's history?
 */
final class Incarnations {
  private record Rollback(int incarnation, int line, int restoredSn) {}

  private final List<Rollback>[] rollbacks;
  private final int[] current;

  @SuppressWarnings("unchecked")
  Incarnations(int vms) {
    rollbacks = new List[vms];
    current = new int[vms];
  }

  int current(int vm) {
    return current[vm];
  }

  /** Starts the VM's next incarnation, restored at line {@code line} from sn {@code restoredSn}. */
  int next(int vm, int line, int restoredSn) {
    int inc = ++current[vm];
    if (rollbacks[vm] == null) {
      rollbacks[vm] = new ArrayList<>(2);
    }
    rollbacks[vm].add(new Rollback(inc, line, restoredSn));
    return inc;
  }

  /**
   * A message of an older incarnation of its sender is an orphan iff it was sent at sn >= a later
   * rollback's line: the sender's sn reaches the line only at its line checkpoint, so the send
   * came after the state the sender returned to.
   */
  boolean valid(Message m) {
    List<Rollback> r = rollbacks[m.from];
    if (r == null) {
      return true;
    }
    for (Rollback rb : r) {
      if (rb.incarnation > m.senderIncarnation && m.senderIndex >= rb.line) {
        return false;
      }
    }
    return true;
  }

  /** A checkpoint taken after the state a later rollback restored belongs to an undone future. */
  boolean undone(CheckpointItem c) {
    List<Rollback> r = rollbacks[c.vm()];
    if (r == null) {
      return false;
    }
    for (Rollback rb : r) {
      if (rb.incarnation > c.incarnation() && c.firstIndex() > rb.restoredSn) {
        return true;
      }
    }
    return false;
  }
}
