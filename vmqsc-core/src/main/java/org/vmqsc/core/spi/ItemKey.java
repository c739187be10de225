package org.vmqsc.core.spi;

import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;

/**
 * What retention needs to know of one stored item of a VM: its kind, the interval it belongs to
 * (a checkpoint's firstIndex, a log record's interval) and the incarnation of the execution that
 * wrote it. Every storage can tell these without reading the item (the file storage spells them
 * in the file name), so retention ({@code org.vmqsc.core.storage.Retention}) never needs the
 * item's content.
 */
public record ItemKey(Kind kind, int interval, int incarnation) {
  /** A checkpoint, or one of the log records of {@link LogItem.Kind}. */
  public enum Kind { CHECKPOINT, R6, R8, RECEIPT, CHANNEL }

  public static ItemKey of(StableItem item) {
    if (item instanceof CheckpointItem c) {
      return checkpoint(c.firstIndex(), c.incarnation());
    }
    LogItem log = (LogItem) item;
    Kind kind = switch (log.kind()) {
      case R6 -> Kind.R6;
      case R8 -> Kind.R8;
      case RECEIPT -> Kind.RECEIPT;
      case CHANNEL -> Kind.CHANNEL;
    };
    return new ItemKey(kind, log.interval(), log.incarnation());
  }

  public static ItemKey checkpoint(int firstIndex, int incarnation) {
    return new ItemKey(Kind.CHECKPOINT, firstIndex, incarnation);
  }

  /**
   * A damaged stretch of stored log whose VM, kind and interval cannot be trusted (its header
   * fails its checksum): it may have been an R8 record of any VM and any interval, of an
   * execution no rollback undid, so it counts as one of every VM's (D15).
   */
  public static ItemKey unknownLog() {
    return new ItemKey(Kind.R8, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  public boolean checkpoint() {
    return kind == Kind.CHECKPOINT;
  }
}
