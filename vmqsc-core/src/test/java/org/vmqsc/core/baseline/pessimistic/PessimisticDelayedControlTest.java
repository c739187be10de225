package org.vmqsc.core.baseline.pessimistic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Acknowledgements travel receiver host -> manager -> sender host; here the courier holds them
 * until the test releases them, as a slow control network would. Late acks only delay what they
 * settle (copies dropped, checkpoints made safe). Pessimistic logging undoes no execution: an ack
 * names a receipt on the receiver's stable log, which no failure takes back, so even one that
 * outlives the host it was meant for settles only what is durable.
 */
class PessimisticDelayedControlTest {
  /** VM 0 on host 0, VM 1 on host 1, both SI; control messages held from the start. */
  private static PessimisticBed held() {
    PessimisticBed b = new PessimisticBed(new int[] {1, 1}, new int[] {0, 1}, 2);
    b.holdControl = true;
    return b;
  }

  @Test
  void aLateAckKeepsTheCopyAndTheCheckpointUnsafeUntilItArrives() {
    PessimisticBed b = held();
    b.timer(0, 1);
    b.settle();
    b.tick(1);
    b.settle(); // VM 0's checkpoint 1 is durable; host 1's ack is on its way
    assertThat(b.host(0).copiesHeld(0)).isEqualTo(1);
    assertThat(b.storage.checkpointIndexes(0)).as("checkpoint 0 still needed").containsExactly(0,
        1);

    b.releaseControl();

    assertThat(b.host(0).copiesHeld(0)).isZero();
    assertThat(b.storage.checkpointIndexes(0)).containsExactly(1);
    assertThat(b.protocol.durableLine()).isEqualTo(1);
    assertThat(b.control).containsEntry("ack", 1);
  }

  @Test
  void anAckThatOutlivesTheSendersHostIsStillTrueForItsRebuiltHost() {
    PessimisticBed b = held();
    b.timer(0, 1);
    b.settle();
    b.tick(1);
    b.settle(); // host 1's ack of VM 0's message is on its way to the manager
    b.failHost(0);
    b.recover(Set.of(0), 1);
    assertThat(b.restoredToLine).as("checkpoint 1 never became safe").containsEntry(0, 0L);
    assertThat(b.host(0).copiesHeld(0)).as("the replay regenerated the send").isEqualTo(1);

    b.releaseControl(); // it names a receipt on host 1's log: true whoever hears it

    assertThat(b.host(0).copiesHeld(0)).isZero();
    b.settle();
    assertThat(b.duplicates).as("the regenerated send, already logged").hasSize(1);
    b.failHost(0);
    b.failHost(1);
    b.recover(Set.of(0, 1), 2);
    b.settle();
    assertThat(b.ledger(1).recvCount(0)).as("from host 1's log, once").isEqualTo(1);
    assertThat(b.ledger(0).sentCount(1)).isEqualTo(1);
  }

  @Test
  void anAckOnItsWayWhenTheReceiversHostFailsStillHoldsTheReceiptIsOnItsLog() {
    PessimisticBed b = held();
    b.timer(0, 1);
    b.settle();
    b.tick(1); // host 1 acks the durable receipt; the ack is in flight
    b.failHost(1);
    b.releaseControl();
    assertThat(b.host(0).copiesHeld(0)).as("dropped: the receipt is durable").isZero();

    b.recover(Set.of(1), 1);
    b.settle();

    assertThat(b.ledger(1).recvCount(0)).as("rebuilt from its log, not from the copy")
        .isEqualTo(1);
    assertThat(b.ledger(0).sentCount(1)).isEqualTo(1);
  }
}
