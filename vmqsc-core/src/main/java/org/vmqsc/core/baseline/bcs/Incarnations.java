package org.vmqsc.core.baseline.bcs;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.baseline.bcs.BcsControl.Rollback;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.util.IntMap;

/**
 * Every rollback so far, per VM: the incarnation it started, the line and the sn of the
 * checkpoint the VM was restored from. The manager keeps the authoritative table and hands it to
 * the hosts in the rollback phases; each host keeps its copy. It answers the two questions an
 * undone execution raises: is this message an orphan, and is this checkpoint part of the VM's
 * history? Only VMs ever rolled back have an entry: every host keeps a copy.
 */
final class Incarnations {
  private final IntMap<List<Rollback>> rollbacks = new IntMap<>();
  private final List<Rollback> all = new ArrayList<>();

  /** The VM's incarnation: the highest a rollback of it started, 0 if none. */
  int current(int vm) {
    List<Rollback> r = rollbacks.get(vm);
    int c = 0;
    for (int i = 0; r != null && i < r.size(); i++) {
      c = Math.max(c, r.get(i).incarnation());
    }
    return c;
  }

  /** Every rollback, in the order they were added. */
  List<Rollback> history() {
    return all;
  }

  void add(Rollback rb) {
    rollbacks.computeIfAbsent(rb.vm(), v -> new ArrayList<>(2)).add(rb);
    all.add(rb);
  }

  /** Adds the rollbacks of {@code history} past those already known (a prefix of it). */
  void catchUp(List<Rollback> history) {
    for (int i = all.size(); i < history.size(); i++) {
      add(history.get(i));
    }
  }

  /**
   * A message of an older incarnation of its sender is an orphan iff it was sent at sn >= a later
   * rollback's line: the sender's sn reaches the line only at its line checkpoint, so the send
   * came after the state the sender returned to.
   */
  boolean valid(Message m) {
    List<Rollback> r = rollbacks.get(m.from);
    if (r == null) {
      return true;
    }
    for (Rollback rb : r) {
      if (rb.incarnation() > m.senderIncarnation && m.senderIndex >= rb.line()) {
        return false;
      }
    }
    return true;
  }

  /** A checkpoint taken after the state a later rollback restored belongs to an undone future. */
  boolean undone(CheckpointItem c) {
    List<Rollback> r = rollbacks.get(c.vm());
    if (r == null) {
      return false;
    }
    for (Rollback rb : r) {
      if (rb.incarnation() > c.incarnation() && c.firstIndex() > rb.restoredSn()) {
        return true;
      }
    }
    return false;
  }
}
