package org.vmqsc.core.baseline.pessimistic;

import java.util.ArrayDeque;
import org.vmqsc.core.channel.ChannelCounters;
import org.vmqsc.core.channel.ChannelInbox;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.spi.VmImage;

/** Everything a hypervisor keeps for one of its VMs under pessimistic logging. */
final class VmState {
  final int vm;
  Guest guest;
  boolean up = true;
  /** The last host tick whose marker this VM's input has passed: its index, in base periods. */
  int index;
  /** The last host tick queued in the pipeline: determinants staged now belong to this interval. */
  int stagingIndex;
  /** Per peer: sequence numbers sent, and delivered (both part of the VM's replayable state). */
  final ChannelCounters sent = new ChannelCounters();
  final ChannelCounters received = new ChannelCounters();
  /**
   * Per sender: what was accepted for logging, and what waits behind a gap. Duplicate suppression
   * and hold-back happen at arrival, before the log write: each receipt is logged once, in order.
   */
  final ChannelInbox inbox = new ChannelInbox();
  /** Per sender: the highest sequence number whose receipt is durable (what acks report). */
  final ChannelCounters logged = new ChannelCounters();
  /** Log position of the next determinant staged; positions below {@code consumed} were
   * delivered or fired. A VM failure replays exactly the durable positions below it. */
  long nextPosition;
  long consumed;
  final ArrayDeque<Pending> pipeline = new ArrayDeque<>();
  final SenderCopies copies;
  /** Checkpoints taken, oldest first, that are not yet safe. */
  final ArrayDeque<TakenCheckpoint> unsafe = new ArrayDeque<>();
  /** Determinants staged whose write is not yet durable, and since when there are some. */
  int unlogged;
  long heldSince;

  VmState(int vm, boolean keepCopies) {
    this.vm = vm;
    this.copies = new SenderCopies(keepCopies);
  }

  /** The guest and its channel counters as a checkpoint holds them (the image is not shared). */
  void restoreImage(VmImage image) {
    guest = image.guest().copy();
    sent.restore(image.sent());
    received.restore(image.received());
  }

  /** {@code peers}: the number of VMs (the image's dense form). */
  VmImage image(int peers) {
    return new VmImage(guest.copy(), peers, sent.snapshot(), received.snapshot());
  }
}
