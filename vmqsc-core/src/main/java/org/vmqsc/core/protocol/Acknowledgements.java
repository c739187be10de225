package org.vmqsc.core.protocol;

import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.AckList;
import org.vmqsc.core.model.Message;

/**
 * One hypervisor's part in acknowledgements (D2, D4). As the receiver's host it names every
 * delivery, with the execution that made it, for its next report (the manager relays it); as the
 * sender's host it settles the message an ack names, unless a rollback of the receiver has since
 * undone the receipt. The sender's host judges, because it learns every rollback in phase 2,
 * before phase 5 re-sends a copy that a stale ack could settle, and every ack reaches it: relayed,
 * handed over, or from a VM of its own.
 */
final class Acknowledgements {
  private final Hypervisor hv;
  /** Acknowledgements of deliveries since the last report, which carries them (D2). */
  private AckList forReport = new AckList();

  Acknowledgements(Hypervisor hv) {
    this.hv = hv;
  }

  /** {@code s} has just delivered {@code m}, in its current interval. */
  void delivered(VmSlot s, Message m) {
    acknowledge(m, s.incarnation, s.index);
  }

  /**
   * {@code s} already holds {@code m} (a duplicate, D5): the sender may stop waiting for it. When
   * it was delivered is not kept, so the ack names the earliest interval it can have been: the
   * sender's index (R3). A rollback to a line at or below that undid the receipt, so such an ack
   * is void rightly; one to a line above it is taken as valid even if the receipt was later (an
   * R8 message, r > s). That is safe: the message is then below the line, in its channel state,
   * whose R8 record is durable (D2), and the durable line, being past it already, does not wait
   * for it. Naming the current interval instead would void acks of receipts the rollback kept,
   * and nothing would acknowledge those messages again: the line would stall.
   */
  void duplicate(VmSlot s, Message m) {
    acknowledge(m, s.incarnation, m.senderIndex);
  }

  private void acknowledge(Message m, int receiverIncarnation, int receiveInterval) {
    if (hv.hostOf(m.from) == hv.host()) {
      settle(m.from, m.to, m.senderIncarnation, m.seq, receiverIncarnation, receiveInterval);
    } else { // relayed through the manager with the next report
      forReport.add(m.from, m.to, m.senderIncarnation, m.seq, receiverIncarnation,
          receiveInterval);
    }
  }

  /** The acknowledgements the next report carries; the list starts afresh. */
  AckList takeForReport() {
    AckList out = forReport;
    forReport = out.freezeAndStartNext();
    return out;
  }

  /** Acknowledgements reached the sending side: those messages are no longer in flight. */
  void settle(AckList acks) {
    for (int r = 0; r < acks.rangeCount(); r++) {
      for (int k = 0; k < acks.count(r); k++) {
        settle(acks.from(r), acks.to(r), acks.senderIncarnation(r), acks.seq(r) + k,
            acks.receiverIncarnation(r), acks.receiveInterval(r));
      }
    }
  }

  /** The ack named by these fields ({@link Ack}'s, in its order). */
  private void settle(int from, int to, int senderIncarnation, int seq, int receiverIncarnation,
      int receiveInterval) {
    VmSlot s = from >= 0 && from < hv.topology().vms() ? hv.slot(from) : null;
    if (s == null || senderIncarnation != s.incarnation) {
      return; // not sent here, or by an execution of the sender that a rollback undid
    }
    if (hv.incarnations().voids(to, receiverIncarnation, receiveInterval)) {
      return; // D4: the receipt was undone; a re-sent copy of the same name waits for its own ack
    }
    s.inFlight.settle(to, senderIncarnation, seq); // nothing when acknowledged before (D5)
  }
}
