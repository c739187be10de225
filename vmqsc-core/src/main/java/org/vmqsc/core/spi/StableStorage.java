package org.vmqsc.core.spi;

import java.util.List;

/**
 * Stable storage as the protocol sees it. {@link #stage} hands an item to the host's lazy writer
 * (R10) and returns a ticket; tickets of one host complete in order, and the writer reports
 * completion through {@code Hypervisor.onDurable(ticket)}. Recovery reads only durable items (P5).
 */
public interface StableStorage {
  long stage(int host, StableItem item);

  /** Records an item that is on stable storage from the start: a VM's boot image, C(i,0). */
  void preload(StableItem item);

  /** Durable items of one VM, in the order they were staged. */
  List<StableItem> durableItems(int vm);

  /**
   * Deletes a VM's durable items below the checkpoint it stands on in line {@code lineIndex}:
   * what {@code Retention.reclaim} says may go.
   */
  void reclaim(int vm, int lineIndex);

  /**
   * Records that the VM was rolled back to line {@code fromInterval} as {@code incarnation}, and
   * deletes what {@code Retention.discarded} says that rollback undid, now and when a write of it
   * completes later: after a rollback those items describe a future that did not happen (D6).
   */
  void discardFuture(int vm, int incarnation, int fromInterval);

  /**
   * The checkpoints of a VM with {@code firstIndex <= line} that are newer than the newest one
   * that reads back good, but cannot be used (checksum or decoding fails): empty when the VM's
   * base for the line is readable ({@code Retention.damagedAbove}). Recovery never builds a line
   * on a damaged base (D15). Storage that cannot be damaged has none.
   */
  default List<ItemKey> damagedAbove(int vm, int line) {
    return List.of();
  }

  /**
   * D15 for log records: the VM's log items that do not read back good (checksum or decoding
   * fails) and that rebuilding it at line {@code line} from stable storage would need, as {@code
   * Retention.damagedLogsNeeded} decides; {@link ItemKey#unknownLog} for a damaged stretch whose
   * owner is unknown. {@code everyoneRollsBack}: every VM returns to the line (a fall-back), so no
   * sender keeps a send of the line's interval or later. Empty when nothing needed is damaged;
   * storage that cannot be damaged has none.
   */
  default List<ItemKey> damagedLogs(int vm, int line, boolean everyoneRollsBack) {
    return List.of();
  }

  /**
   * How many durable lines the manager keeps restorable (reclaim spares the older ones' items):
   * 1 on storage that cannot be damaged; 2 where a base checkpoint may be found damaged, so that
   * recovery can fall back to the previous line (D15).
   */
  default int linesKept() {
    return 1;
  }
}
