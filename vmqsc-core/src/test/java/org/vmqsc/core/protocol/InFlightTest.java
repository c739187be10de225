package org.vmqsc.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Message;

/** A VM's unacknowledged sends, found again by the name an acknowledgement carries (D2). */
class InFlightTest {
  private final InFlight inFlight = new InFlight();

  private static Message m(int to, int seq, int index, int incarnation) {
    return new Message(0, to, seq, index, incarnation, seq, 0);
  }

  @Test
  void anAckSettlesTheMessageItNamesOnce() {
    Message a = m(2, 1, 3, 0);
    Message b = m(2, 2, 5, 0);
    inFlight.sent(a);
    inFlight.sent(b);
    assertThat(inFlight.minIndex()).isEqualTo(3);

    assertThat(inFlight.settle(Ack.of(a))).isTrue();
    assertThat(inFlight.minIndex()).as("the line may pass a's index now").isEqualTo(5);
    assertThat(inFlight.settle(Ack.of(a))).as("a duplicate acknowledged again").isFalse();
    assertThat(inFlight.size()).isEqualTo(1);
  }

  @Test
  void anAckThatOvertookAnotherLeavesTheEarlierMessageInFlight() {
    Message[] sent = new Message[5];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = m(3, i + 1, 2 + i, 0);
      inFlight.sent(sent[i]);
    }
    assertThat(inFlight.settle(Ack.of(sent[2]))).isTrue();
    assertThat(inFlight.contains(sent[1])).isTrue();
    assertThat(inFlight.minIndex()).isEqualTo(2);
    assertThat(inFlight.settle(Ack.of(sent[0]))).isTrue();
    assertThat(inFlight.settle(Ack.of(sent[1]))).isTrue();
    assertThat(inFlight.minIndex()).isEqualTo(2 + 3);
  }

  @Test
  void anAckOfAnotherIncarnationOrChannelSettlesNothing() {
    Message a = m(1, 7, 4, 1);
    inFlight.sent(a);
    assertThat(inFlight.settle(new Ack(0, 1, 0, 7))).as("the undone execution's seq 7").isFalse();
    assertThat(inFlight.settle(new Ack(0, 2, 1, 7))).as("another channel").isFalse();
    assertThat(inFlight.settle(new Ack(0, 9, 1, 7))).as("no such VM").isFalse();
    assertThat(inFlight.contains(a)).isTrue();
  }

  /** R7: a copy re-sent after a host recovery is in flight again, once, in send order. */
  @Test
  void aResentCopyIsInFlightOnceMore() {
    Message a = m(2, 1, 0, 0);
    Message b = m(2, 2, 1, 0);
    inFlight.sent(a);
    inFlight.sent(b);
    assertThat(inFlight.sent(a)).as("still unacknowledged: nothing to re-arm").isFalse();
    assertThat(inFlight.size()).isEqualTo(2);

    inFlight.settle(Ack.of(a));
    assertThat(inFlight.sent(a)).as("re-sent after its ack").isTrue();
    assertThat(inFlight.minIndex()).isZero();
    assertThat(inFlight.settle(Ack.of(b))).as("b is still found behind the re-armed a").isTrue();
    assertThat(inFlight.settle(Ack.of(a))).isTrue();
    assertThat(inFlight.size()).isZero();
    assertThat(inFlight.minIndex()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aRollbackForgetsEverythingInFlight() {
    Message a = m(1, 1, 2, 0);
    inFlight.sent(a);
    inFlight.clear();
    assertThat(inFlight.settle(Ack.of(a))).isFalse();
    assertThat(inFlight.minIndex()).isEqualTo(Integer.MAX_VALUE);
  }

  /** The same name in two incarnations is two messages: a re-sent old copy beside a new send. */
  @Test
  void theSameSequenceNumberInTwoIncarnationsIsTwoMessages() {
    Message old = m(3, 4, 1, 0);
    Message young = m(3, 4, 6, 1);
    assertThat(inFlight.sent(old)).isTrue();
    assertThat(inFlight.sent(young)).isTrue();
    assertThat(inFlight.settle(Ack.of(young))).isTrue();
    assertThat(inFlight.contains(old)).as("the other incarnation's copy still waits").isTrue();
    assertThat(inFlight.minIndex()).isEqualTo(1);
  }

  /**
   * Many messages out at once, acknowledged in a scrambled order, are each found (the table's
   * removal keeps every probe run whole), and the room they took is given back afterwards.
   */
  @Test
  void aBurstSettledInAnyOrderLeavesNothingAndGivesItsRoomBack() {
    java.util.List<Message> burst = new java.util.ArrayList<>();
    for (int to = 0; to < 50; to++) {
      for (int seq = 1; seq <= 40; seq++) {
        burst.add(m(to, seq, seq / 10, 0));
      }
    }
    burst.forEach(inFlight::sent);
    assertThat(inFlight.size()).isEqualTo(2000);
    assertThat(inFlight.channels()).isEqualTo(50);
    java.util.Collections.shuffle(burst, new java.util.Random(7));
    for (int i = 0; i < burst.size(); i++) {
      assertThat(inFlight.settle(Ack.of(burst.get(i)))).as("message %d", i).isTrue();
      if (i % 97 == 0) {
        assertThat(inFlight.contains(burst.get(i))).isFalse();
      }
    }
    assertThat(inFlight.size()).isZero();
    assertThat(inFlight.minIndex()).isEqualTo(Integer.MAX_VALUE);
    int grown = inFlight.capacity();
    inFlight.reclaim();
    assertThat(inFlight.capacity()).as("room for 2,000 given back").isLessThan(grown / 100);
  }
}
