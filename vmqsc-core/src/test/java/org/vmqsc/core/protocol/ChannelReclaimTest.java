package org.vmqsc.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Per-channel state is reclaimed when the line passes it: once a channel's messages are
 * acknowledged and behind the durable line, the sender keeps no queue and no copy for it, only
 * the counter its sequence continues from; the receiver keeps its delivered counter (duplicate
 * suppression needs it) and no hold-back.
 */
class ChannelReclaimTest {
  // vm0, vm1 on host 0; vm2 on host 1
  private final TestBed bed = new TestBed(new int[] {1, 1, 1}, new int[] {0, 0, 1}, 2);

  private void periods(int from, int to) {
    for (int x = from; x <= to; x++) {
      bed.storage.completeAll();
      bed.tick(x);
    }
    bed.storage.completeAll();
  }

  @Test
  void aChannelPastTheLineKeepsOnlyItsCounters() {
    periods(1, 2);
    bed.send(0, 2);
    bed.send(0, 2);
    VmSlot sender = bed.hvOf(0).slot(0);
    assertThat(sender.inFlight.channels()).isEqualTo(1);
    assertThat(sender.senderCopies).hasSize(2);

    bed.deliverAll();
    periods(3, 6); // acks relayed, the line passes index 2
    assertThat(bed.manager.durableLine()).isGreaterThan(2);
    assertThat(sender.inFlight.size()).isZero();
    assertThat(sender.inFlight.channels()).as("the empty queue is gone").isZero();
    assertThat(sender.senderCopies).isEmpty();
    assertThat(sender.sent.size()).as("vm0 sent to vm2 only").isEqualTo(1);
    assertThat(sender.sent.get(2)).as("the sequence continues from 2").isEqualTo(2);
    VmSlot receiver = bed.hvOf(2).slot(2);
    assertThat(receiver.inbox.channels()).isEqualTo(1);
    assertThat(receiver.inbox.heldCount()).isZero();

    bed.send(0, 2);
    assertThat(sender.inFlight.channels()).as("made again on the next send").isEqualTo(1);
    bed.deliverAll();
    assertThat(receiver.inbox.lastDelivered(0)).isEqualTo(3);
  }
}
