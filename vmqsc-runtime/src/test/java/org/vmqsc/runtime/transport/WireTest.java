package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Message;

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
}
