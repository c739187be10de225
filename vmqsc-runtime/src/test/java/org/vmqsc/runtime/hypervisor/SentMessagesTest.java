package org.vmqsc.runtime.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Message;
import org.vmqsc.runtime.transport.Wire;

/** Relayed acks are names; they must resolve to the very objects the core sent (D2). */
class SentMessagesTest {
  @Test
  void resolvesNamesToSentObjectsOnce() {
    SentMessages sent = new SentMessages();
    Message a = new Message(0, 2, 1, 3, 0, 42, 5);
    Message b = new Message(0, 2, 2, 3, 0, 43, 6);
    sent.sent(a);
    sent.sent(b);
    List<Message> got = sent.resolve(List.of(Wire.idOf(Wire.fromId(Wire.idOf(b)))));
    assertThat(got).hasSize(1);
    assertThat(got.get(0)).isSameAs(b);
    assertThat(sent.resolve(List.of(Wire.idOf(b)))).isEmpty(); // acked once only
    assertThat(sent.size()).isEqualTo(1);
  }

  @Test
  void otherIncarnationsAreOtherMessages() {
    SentMessages sent = new SentMessages();
    Message old = new Message(1, 3, 7, 4, 0, 1, 0);
    sent.sent(old);
    assertThat(sent.resolve(List.of(Wire.idOf(new Message(1, 3, 7, 4, 1, 1, 0))))).isEmpty();
    sent.forgetOlder(1, 1); // vm 1 rolled back to incarnation 1
    assertThat(sent.size()).isZero();
  }
}
