package org.vmqsc.core.protocol;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.storage.Retention;
import org.vmqsc.core.storage.RollbackMark;
import org.vmqsc.core.util.IntMap;

/**
 * Which executions of each VM still count. When VM v is rolled back to line Y, its incarnation
 * grows; a message from an older incarnation is an orphan iff it was sent at index >= Y (after the
 * state v returned to), and must be dropped wherever it turns up (SPEC §5). The rule itself is
 * {@link RollbackMark#undid}, the same one the storages discard by.
 */
final class IncarnationTable {
  /** Only VMs that were ever rolled back: every host keeps one table, of the whole cloud. */
  private final IntMap<List<RollbackMark>> rollbacks = new IntMap<>();

  void record(int vm, int incarnation, int lineIndex) {
    rollbacks.computeIfAbsent(vm, v -> new ArrayList<>(2))
        .add(new RollbackMark(incarnation, lineIndex));
  }

  /** A message is valid unless a rollback of its sender undid the interval it was sent in. */
  boolean valid(Message m) {
    List<RollbackMark> r = rollbacks.get(m.from);
    return r == null || !Retention.undone(m.senderIncarnation, m.senderIndex, r);
  }

  /**
   * An acknowledgement is void when a rollback of its receiver undid the interval the receipt
   * happened in (D4): the receiver's state no longer holds the message. The same rule as for a
   * message, read on the receiver's side.
   */
  boolean voids(Ack a) {
    return voids(a.to(), a.receiverIncarnation(), a.receiveInterval());
  }

  /** {@link #voids(Ack)} for an ack given by its receiver's fields. */
  boolean voids(int to, int receiverIncarnation, int receiveInterval) {
    List<RollbackMark> r = rollbacks.get(to);
    return r != null && Retention.undone(receiverIncarnation, receiveInterval, r);
  }

  /** True when a rollback undid the execution a stable item of {@code vm} records. */
  boolean undone(int vm, ItemKey item) {
    List<RollbackMark> r = rollbacks.get(vm);
    return r != null && Retention.undone(item, r);
  }

  /** The sum of every VM's current incarnation: grows with each rollback this table learns. */
  int known() {
    int sum = 0;
    for (int v : rollbacks.keys()) { // a VM never rolled back is at incarnation 0
      sum += current(v);
    }
    return sum;
  }

  int current(int vm) {
    List<RollbackMark> r = rollbacks.get(vm);
    return r == null ? 0 : r.get(r.size() - 1).incarnation();
  }
}
