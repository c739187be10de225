package org.vmqsc.core.spi;

import java.util.List;
import org.vmqsc.core.model.LogEntry;

/**
 * Something a hypervisor writes to stable storage: a checkpoint or a log record. Staged items
 * are snapshots nothing changes afterwards (a checkpoint's guest is a deep copy, a log item's
 * entries a list of its own), so a store may encode one on its own thread, later.
 */
public sealed interface StableItem permits StableItem.CheckpointItem, StableItem.LogItem {
  int vm();

  /** The lowest interval this item belongs to; reclamation deletes items below a VM's line entry. */
  int interval();

  int incarnation();

  long bytes();

  /** A checkpoint that is the VM's state at the start of intervals firstIndex..lastIndex. */
  record CheckpointItem(int vm, int firstIndex, int dueIndex, int incarnation, VmImage image,
      long bytes) implements StableItem {
    @Override
    public int interval() {
      return firstIndex;
    }
  }

  /** Log entries written by R6 (one interval's receive log) or R8 (one backward message). */
  record LogItem(int vm, Kind kind, int interval, int incarnation, List<LogEntry> entries,
      int messages, long bytes) implements StableItem {
    /** R6 and R8 are VM_QSC's; RECEIPT is pessimistic logging's; CHANNEL is in-transit messages
     * saved with a line by the baselines. */
    public enum Kind { R6, R8, RECEIPT, CHANNEL }
  }
}
