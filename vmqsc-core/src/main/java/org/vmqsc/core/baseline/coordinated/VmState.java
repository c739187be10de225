package org.vmqsc.core.baseline.coordinated;

import java.util.ArrayDeque;
import org.vmqsc.core.channel.ChannelCounters;
import org.vmqsc.core.channel.ChannelInbox;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.VmImage;

/** What a coordinated hypervisor keeps for one of its VMs. */
final class VmState {
  final int vm;
  Guest guest;
  boolean up = true;
  /** The execution this state belongs to (one global counter: every rollback moves every VM). */
  int incarnation;
  /** The last round this VM has checkpointed (tentative or committed): stamped on its sends. */
  int round;
  /** Per receiver: the last sequence number sent to it; only receivers it sent to. */
  final ChannelCounters sent = new ChannelCounters();
  /** Per sender: what was delivered (a gap here is a lost message: see the hypervisor). */
  final ChannelInbox inbox = new ChannelInbox();
  /** Delivery order, so that channel-state records re-deliver in the order they were received. */
  long nextPosition;
  /** Sends the guest made while the round blocked it, in order; released at commit. */
  final ArrayDeque<Message> queued = new ArrayDeque<>();

  VmState(int vm, VmImage image, int round, int incarnation) {
    this.vm = vm;
    this.guest = image.guest().copy();
    this.sent.restore(image.sent());
    this.inbox.restore(image.received());
    this.round = round;
    this.incarnation = incarnation;
  }

  /** The checkpoint of this VM now: its guest and its per-channel counters. */
  VmImage image(int peers) {
    return new VmImage(guest.copy(), peers, sent.snapshot(), inbox.snapshot());
  }
}
