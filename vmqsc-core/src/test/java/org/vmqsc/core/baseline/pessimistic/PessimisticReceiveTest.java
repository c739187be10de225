package org.vmqsc.core.baseline.pessimistic;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Message;

/**
 * Pessimistic receipts through the shared inbox: duplicate suppression and hold-back happen at
 * arrival, before the log write, so each receipt is logged once and in channel order.
 */
class PessimisticReceiveTest {
  /** VM 0 on host 0 has sent two messages to VM 1 on host 1; they are on the wire. */
  private static PessimisticBed twoSent() {
    PessimisticBed b = new PessimisticBed(new int[] {1, 1}, new int[] {0, 1}, 2);
    b.timer(0, 1);
    b.timer(0, 1);
    b.storage.complete(0);
    assertThat(b.wire).hasSize(2);
    return b;
  }

  @Test
  void aMessageAheadOfAGapIsNotLoggedUntilTheGapCloses() {
    PessimisticBed b = twoSent();
    Message first = (Message) b.wire.poll()[1];
    Message second = (Message) b.wire.poll()[1];
    b.protocol.onArrival(1, second);
    assertThat(b.host(1).waiting(1)).as("held, not staged").isZero();
    b.protocol.onArrival(1, first);
    assertThat(b.host(1).waiting(1)).isEqualTo(2);
    b.storage.complete(1);
    assertThat(b.ledger(1).recvCount(0)).isEqualTo(2);
  }

  @Test
  void aCopyOfAnAcceptedMessageIsNotLoggedTwice() {
    PessimisticBed b = twoSent();
    Message copy = (Message) b.wire.peek()[1];
    b.deliverAll();
    b.protocol.onArrival(1, copy);
    assertThat(b.duplicates).containsExactly(copy);
    assertThat(b.host(1).waiting(1)).isEqualTo(2);
  }
}
