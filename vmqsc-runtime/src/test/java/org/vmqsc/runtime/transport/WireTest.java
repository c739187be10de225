package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Message;
import org.vmqsc.runtime.proto.MessageId;

class WireTest {
  @Test
  void aMessageKeepsEveryField() {
    Message m = new Message(3, 9, 17, 40, 2, Long.MIN_VALUE, -5);
    Message back = Wire.fromProto(Wire.toProto(m));
    assertThat(back).usingRecursiveComparison().isEqualTo(m);
  }

  @Test
  void anAcknowledgementNamesTheMessageAndTheReceiversExecutionThatDeliveredIt() {
    Message m = new Message(3, 9, 17, 40, 2, 99, 1);
    var id = Wire.idOf(Ack.of(m, 4, 41)); // delivered by vm 9's incarnation 4 in interval 41
    assertThat(List.of(id.getFrom(), id.getTo(), id.getSeq(), id.getSenderIncarnation(),
        id.getReceiverIncarnation(), id.getReceiveInterval()))
        .containsExactly(3, 9, 17, 2, 4, 41);
    Ack back = Wire.ackOf(id);
    assertThat(back).isEqualTo(Ack.of(m, 4, 41));
    assertThat(back.names(m)).isTrue();
  }

  /**
   * A period's acks of one channel travel as one id however many there are (issue 11: report
   * size bounded by the channels), and come back as the same acks, one by one.
   */
  @Test
  void aChannelsRunOfAcksIsOneIdOnTheWireAndTheSameAcksBack() {
    List<Ack> acks = new java.util.ArrayList<>();
    for (int seq = 1; seq <= 1000; seq++) {
      acks.add(new Ack(3, 9, 0, seq, 1, 7));
      acks.add(new Ack(4, 9, 0, seq, 1, 7));
    }
    acks.add(new Ack(3, 9, 0, 1002, 1, 7)); // after a gap
    var ids = Wire.idsOf(acks);
    assertThat(ids).hasSize(3);
    assertThat(ids.get(0).getCount()).isEqualTo(1000);
    assertThat(ids.get(2).getCount()).as("a single ack leaves count unset").isZero();
    assertThat(new java.util.HashSet<>(Wire.acksOf(ids))).isEqualTo(new java.util.HashSet<>(acks));
    assertThat(Wire.acksOf(ids)).hasSize(2001);
  }

  /**
   * A range no sender can have made (a garbled or hostile frame) is a malformed body, refused
   * with its channel named, not billions of acks for the core to walk.
   */
  @Test
  void aRangeNoSenderCanHaveMadeIsRefused() {
    var ok = MessageId.newBuilder().setFrom(3).setTo(9).setSeq(5).setCount(2).build();
    var negative = ok.toBuilder().setCount(-1).build();
    var pastTheLastSeq = ok.toBuilder().setSeq(Integer.MAX_VALUE - 1).setCount(3).build();
    var huge = ok.toBuilder().setSeq(1).setCount(Integer.MAX_VALUE).build();
    assertThat(Wire.acksOf(List.of(ok))).hasSize(2);
    assertThatThrownBy(() -> Wire.acksOf(List.of(negative)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3->9");
    assertThatThrownBy(() -> Wire.acksOf(List.of(pastTheLastSeq)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Wire.acksOf(List.of(huge, huge)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acks in one list");
  }
}
