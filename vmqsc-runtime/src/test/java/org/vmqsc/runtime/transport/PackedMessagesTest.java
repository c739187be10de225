package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Message;

/** A packed batch gives back every field of every message, and refuses what is not one. */
class PackedMessagesTest {
  /** 8 VMs: 0..3 on host 0, 4..7 on host 1; host 1 receives from host 0. */
  private static final RelayRules HOST_1 = RelayRules.forHost(
      new Topology(new int[] {1, 1, 1, 1, 1, 1, 1, 1}, new int[] {0, 0, 0, 0, 1, 1, 1, 1},
          new long[8], 2, 64), 1);

  @Test
  void everyFieldComesBackAtItsExtremesAndAtRandom() throws Exception {
    Message[] ms = new Message[PeerLinks.MAX_BATCH_LIMIT];
    ms[0] = new Message(3, 7, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
        Long.MIN_VALUE, Long.MAX_VALUE);
    ms[1] = new Message(0, 4, 0, 0, 0, 0, -1);
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 2; i < ms.length; i++) {
      ms[i] = new Message(rnd.nextInt(4), 4 + rnd.nextInt(4), rnd.nextInt(1 << 30),
          rnd.nextInt(1 << 20), rnd.nextInt(100), rnd.nextLong(), rnd.nextLong(-1000, 1000));
    }
    byte[] scratch = new byte[ms.length * PackedMessages.MAX_BYTES_PER_MESSAGE];

    Message[] back = PackedMessages.read(PackedMessages.write(ms, ms.length, scratch), 0, HOST_1);

    assertThat(back).hasSize(ms.length);
    for (int i = 0; i < ms.length; i++) {
      assertThat(back[i]).as("message %d", i).usingRecursiveComparison().isEqualTo(ms[i]);
    }
  }

  @Test
  void theWorstCaseFitsTheScratchTheWriterSizes() {
    Message worst = new Message(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
        Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
    ByteString b = PackedMessages.write(new Message[] {worst}, 1,
        new byte[PackedMessages.MAX_BYTES_PER_MESSAGE]);
    assertThat(b.size()).isEqualTo(PackedMessages.MAX_BYTES_PER_MESSAGE);
  }

  @Test
  void aBatchCutShortIsRefused() {
    ByteString b = PackedMessages.write(new Message[] {new Message(0, 4, 1, 2, 3, 4, 5)}, 1,
        new byte[PackedMessages.MAX_BYTES_PER_MESSAGE]);
    assertThatThrownBy(() -> PackedMessages.read(b.substring(0, b.size() - 1), 0, HOST_1))
        .isInstanceOf(PackedMessages.Refused.class).hasMessageContaining("cut short");
  }

  @Test
  void anOverlongVarintOrAFieldBeyond32BitsIsRefused() {
    byte[] overlong = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
    assertThatThrownBy(() -> PackedMessages.read(ByteString.copyFrom(overlong), 0, HOST_1))
        .isInstanceOf(PackedMessages.Refused.class).hasMessageContaining("overlong");
    byte[] wide = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F}; // 2^32 - 1
    assertThatThrownBy(() -> PackedMessages.read(ByteString.copyFrom(wide), 0, HOST_1))
        .isInstanceOf(PackedMessages.Refused.class).hasMessageContaining("32 bits");
  }

  @Test
  void aMessageTheRulesRefuseRefusesTheBatch() {
    ByteString posing = PackedMessages.write(new Message[] {new Message(0, 4, 1, 0, 0, 0, 0),
        new Message(5, 4, 1, 0, 0, 0, 0)}, 2, new byte[2 * PackedMessages.MAX_BYTES_PER_MESSAGE]);
    assertThatThrownBy(() -> PackedMessages.read(posing, 0, HOST_1))
        .isInstanceOf(PackedMessages.Refused.class).hasMessageContaining("vm 5");
  }
}
