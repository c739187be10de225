package org.vmqsc.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Ack;

/**
 * D4 by the table alone: an acknowledgement is void exactly when a later rollback of its receiver
 * returned it to a line at or below the interval the receipt happened in.
 */
class IncarnationTableTest {
  private final IncarnationTable table = new IncarnationTable();

  /** vm 0's message #seq, delivered by vm 2's incarnation {@code inc} in interval {@code r}. */
  private static Ack ack(int seq, int inc, int r) {
    return new Ack(0, 2, 0, seq, inc, r);
  }

  @Test
  void anAckIsVoidWhenARollbackOfItsReceiverUndidTheReceipt() {
    assertThat(table.voids(ack(1, 0, 9))).as("no rollback yet").isFalse();

    table.record(2, 1, 5); // vm 2 returns to line 5 as incarnation 1
    assertThat(table.voids(ack(1, 0, 5))).as("received in interval 5: after the line").isTrue();
    assertThat(table.voids(ack(2, 0, 4))).as("received before the line: kept").isFalse();
    assertThat(table.voids(ack(3, 1, 5))).as("the new execution's own").isFalse();
    assertThat(new Ack(1, 2, 0, 1, 0, 5)).as("another sender, same receiver")
        .matches(table::voids);
    assertThat(new Ack(0, 1, 0, 1, 0, 5)).as("another receiver").matches(a -> !table.voids(a));

    table.record(2, 2, 3); // and again, to line 3, as incarnation 2
    assertThat(table.voids(ack(4, 1, 6))).isTrue();
    assertThat(table.voids(ack(5, 0, 4))).as("kept by the first rollback, undone by the second")
        .isTrue();
    assertThat(table.voids(ack(6, 0, 2))).as("kept by both").isFalse();
    assertThat(table.voids(ack(7, 2, 3))).isFalse();
  }
}
