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
    SentMessages sent = new SentMessages(4);
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
    SentMessages sent = new SentMessages(4);
    Message old = new Message(1, 3, 7, 4, 0, 1, 0);
    sent.sent(old);
    assertThat(sent.resolve(List.of(Wire.idOf(new Message(1, 3, 7, 4, 1, 1, 0))))).isEmpty();
    sent.forgetOlder(1, 1); // vm 1 rolled back to incarnation 1
    assertThat(sent.size()).isZero();
  }

  @Test
  void acksInAnyOrderFindTheirMessageAndRepeatedAcksFindNothing() {
    SentMessages sent = new SentMessages(4);
    Message[] m = new Message[5];
    for (int i = 0; i < m.length; i++) {
      m[i] = new Message(0, 3, i + 1, 2, 0, i, 0);
      sent.sent(m[i]);
    }
    assertThat(sent.resolve(List.of(Wire.idOf(m[0]), Wire.idOf(m[2])))).containsExactly(m[0],
        m[2]); // the second overtook m[1]
    assertThat(sent.resolve(List.of(Wire.idOf(m[0]), Wire.idOf(m[2])))).isEmpty();
    assertThat(sent.resolve(List.of(Wire.idOf(m[1])))).containsExactly(m[1]);
    assertThat(sent.size()).isEqualTo(2);
  }

  /** R7 re-sends kept copies after a host recovery: the same object is kept once. */
  @Test
  void aResentCopyIsKeptOnce() {
    SentMessages sent = new SentMessages(4);
    Message a = new Message(1, 2, 1, 0, 0, 1, 0);
    Message b = new Message(1, 2, 2, 0, 0, 2, 0);
    sent.sent(a);
    sent.sent(b);
    sent.sent(a); // re-sent: still unacknowledged
    assertThat(sent.size()).isEqualTo(2);
    assertThat(sent.resolve(List.of(Wire.idOf(b)))).containsExactly(b);
    sent.sent(b); // re-sent after its ack: named again, in order
    assertThat(sent.resolve(List.of(Wire.idOf(a), Wire.idOf(b)))).containsExactly(a, b);
    assertThat(sent.size()).isZero();
  }
}
