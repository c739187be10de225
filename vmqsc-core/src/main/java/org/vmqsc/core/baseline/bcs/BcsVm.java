package org.vmqsc.core.baseline.bcs;

import java.util.ArrayDeque;
import org.vmqsc.core.channel.ChannelCounters;
import org.vmqsc.core.channel.ChannelInbox;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.protocol.InFlight;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.VmImage;

/** What a hypervisor keeps for one VM under BCS. */
final class BcsVm {
  final int vm;
  Guest guest;
  boolean up = true;
  /** The BCS sequence number: raised by one at each basic checkpoint, to m.sn at a forced one. */
  int sn;
  int incarnation;
  /** Per receiver: the last sequence number sent to it; only receivers it sent to. */
  final ChannelCounters sent = new ChannelCounters();
  /** Per sender: what was delivered, and what waits behind a gap in the channel's sequence. */
  final ChannelInbox inbox = new ChannelInbox();
  /** Delivery order, so CHANNEL records of one VM can be told apart. */
  long nextPosition;
  /** The sn of this VM's newest durable checkpoint in its current history. */
  int durableSn;
  /** Messages this VM sent that no receiver has acknowledged yet, and their sns. */
  final InFlight inFlight = new InFlight();
  /** Sender sns of CHANNEL records this VM staged that are not durable yet. */
  final SnCounts pendingChannel = new SnCounts();
  /** Messages that arrived while the VM was down (its host alive). */
  final ArrayDeque<Message> waiting = new ArrayDeque<>();

  BcsVm(int vm, Guest guest) {
    this.vm = vm;
    this.guest = guest;
  }

  /** A VM rebuilt from its line checkpoint: the checkpoint's state, sn and channel counters. */
  static BcsVm restored(CheckpointItem cp, int incarnation) {
    VmImage image = cp.image();
    BcsVm s = new BcsVm(cp.vm(), image.guest().copy());
    s.sent.restore(image.sent());
    s.inbox.restore(image.received());
    s.sn = cp.dueIndex();
    s.durableSn = cp.dueIndex();
    s.incarnation = incarnation;
    return s;
  }

  /** {@code peers}: the number of VMs (the image's dense form). */
  VmImage image(int peers) {
    return new VmImage(guest.copy(), peers, sent.snapshot(), inbox.snapshot());
  }

  /**
   * The highest line this VM allows from stable storage alone: its line checkpoint is durable, and
   * no message it sent or logged below the line is still unsettled.
   */
  int usable() {
    return Math.min(durableSn, Math.min(inFlight.minIndex(), pendingChannel.min()));
  }
}
