package org.vmqsc.core.baseline.coordinated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Message;

/**
 * Coordinated receipts through the shared inbox. Channels are FIFO and a rollback restores both
 * ends, so unlike the other protocols a gap here is never waited for: it is a lost message.
 */
class CoordinatedReceiveTest {
  @Test
  void aCopyOfADeliveredMessageIsDropped() {
    CoordinatedBed bed = new CoordinatedBed();
    bed.send(0, 2);
    Message copy = (Message) bed.wire.peek()[1];
    bed.deliverAll();
    bed.protocol.onArrival(1, copy);
    assertThat(bed.ledger(2).recvCount(0)).isEqualTo(1);
  }

  @Test
  void aGapInAChannelFailsFast() {
    CoordinatedBed bed = new CoordinatedBed();
    bed.send(0, 2);
    bed.send(0, 2);
    bed.wire.poll(); // #1 lost
    assertThatThrownBy(bed::deliverNext).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected #1 from vm 0");
  }
}
