package org.vmqsc.core.protocol;

import org.vmqsc.core.spi.StableItem.CheckpointItem;

/** A checkpoint held in hypervisor memory (R10) until, and after, its lazy write completes. */
final class StagedCheckpoint {
  final CheckpointItem item;
  final long ticket;
  boolean durable;

  StagedCheckpoint(CheckpointItem item, long ticket, boolean durable) {
    this.item = item;
    this.ticket = ticket;
    this.durable = durable;
  }

  int firstIndex() {
    return item.firstIndex();
  }
}
