package org.vmqsc.core.baseline.pessimistic;

import org.vmqsc.core.channel.ChannelSeqs;

/**
 * A checkpoint this host took and that is not yet <em>safe</em>: safe means durable and every
 * message the VM sent before it logged at its receiver (acknowledged). Only a safe checkpoint may
 * be the restart point after a host failure, and only then is the VM's older stable state
 * reclaimed (see {@link PessimisticRoles}, "why the restart point must be safe").
 */
final class TakenCheckpoint {
  final int index;
  final long ticket;
  /** Per destination: the last sequence number the VM had sent when the checkpoint was taken. */
  final ChannelSeqs sentThrough;
  boolean durable;

  TakenCheckpoint(int index, long ticket, ChannelSeqs sentThrough) {
    this.index = index;
    this.ticket = ticket;
    this.sentThrough = sentThrough;
  }
}
