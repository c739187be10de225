package org.vmqsc.core.baseline.coordinated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;

/** The manager's two-phase round: request, block, durable checkpoints, channel state, commit. */
class CoordinatedRoundTest {
  private final CoordinatedBed bed = new CoordinatedBed();

  @Test
  void aRoundBlocksSendsAndReleasesThemInOrderAtCommit() {
    bed.now = 10_000;
    bed.protocol.onManagerTick(1);
    assertThat(bed.openRound()).isEqualTo(1);

    bed.send(0, 2);
    bed.send(0, 2);
    bed.send(3, 1);
    assertThat(bed.wire).as("blocked: nothing leaves during the round").isEmpty();
    assertThat(bed.queuedSends()).isEqualTo(3);
    assertThat(bed.ledger(0).sentCount(2)).as("the guest itself ran").isEqualTo(2);

    bed.now = 12_500;
    bed.storage.completeAll();
    assertThat(bed.protocol.takenLine()).isEqualTo(1);
    assertThat(bed.queuedSends()).isZero();
    List<Message> out = bed.wire.stream().map(w -> (Message) w[1]).toList();
    assertThat(out).extracting(m -> m.from + ">" + m.to + "#" + m.seq)
        .containsExactly("0>2#1", "0>2#2", "3>1#1");
    assertThat(out).allMatch(m -> m.senderIndex == 1, "sent after the round-1 checkpoint");
    assertThat(bed.protocol.blockedVmMillis()).isEqualTo(4 * 2_500);
    assertThat(bed.control).containsExactly("request", "request", "ack", "ack", "commit",
        "commit");

    bed.send(0, 2);
    assertThat(bed.wire).hasSize(4); // unblocked after commit
  }

  @Test
  void commitWaitsUntilEveryHostsCheckpointsAreDurable() {
    bed.protocol.onManagerTick(1);
    bed.storage.complete(0);
    assertThat(bed.protocol.takenLine()).isZero();
    assertThat(bed.openRound()).isEqualTo(1);
    bed.storage.complete(1);
    assertThat(bed.protocol.takenLine()).isEqualTo(1);
    assertThat(bed.protocol.durableLine()).isEqualTo(1);
    assertThat(bed.openRound()).isEqualTo(-1);
  }

  @Test
  void commitWaitsForChannelStateToArriveAndBeDurable() {
    bed.send(0, 2); // in flight across the line
    bed.protocol.onManagerTick(1);
    bed.storage.completeAll();
    assertThat(bed.protocol.takenLine()).as("vm 2 lacks a message sent before line 1").isZero();
    assertThat(bed.control).contains("expect");

    bed.deliverAll();
    assertThat(bed.logged).singleElement().satisfies(l -> {
      assertThat(l.kind()).isEqualTo(LogItem.Kind.CHANNEL);
      assertThat(l.vm()).isEqualTo(2);
      assertThat(l.interval()).isEqualTo(1);
    });
    assertThat(bed.protocol.takenLine()).as("its record is not durable yet").isZero();

    bed.storage.completeAll();
    assertThat(bed.protocol.takenLine()).isEqualTo(1);
    assertThat(bed.control).containsSubsequence("expect", "drained", "commit");
  }

  @Test
  void aMessageFromBeforeTheLineArrivingBeforeTheRoundIsNotChannelState() {
    bed.send(0, 2);
    bed.deliverAll();
    bed.protocol.onManagerTick(1);
    bed.storage.completeAll();
    assertThat(bed.logged).isEmpty();
    assertThat(bed.control).doesNotContain("expect");
    assertThat(bed.protocol.takenLine()).isEqualTo(1);
  }

  @Test
  void noRoundStartsWhileOneIsOpen() {
    bed.protocol.onManagerTick(1);
    bed.protocol.onManagerTick(2);
    assertThat(bed.count("request")).isEqualTo(2);
    assertThat(bed.openRound()).isEqualTo(1);
    bed.storage.completeAll();
    bed.protocol.onManagerTick(3);
    assertThat(bed.openRound()).isEqualTo(3);
    assertThat(bed.count("request")).isEqualTo(4);
  }

  @Test
  void commitReclaimsCheckpointsOfOlderRounds() {
    for (int x = 1; x <= 3; x++) {
      bed.protocol.onManagerTick(x);
      bed.storage.completeAll();
    }
    for (int v = 0; v < 4; v++) {
      List<StableItem> items = bed.storage.durableItems(v);
      assertThat(items).singleElement().isInstanceOfSatisfying(CheckpointItem.class,
          c -> assertThat(c.firstIndex()).isEqualTo(3));
    }
  }

  @Test
  void everyVmCheckpointsEveryRoundWhateverItsPeriod() {
    bed.protocol.onManagerTick(1);
    bed.storage.completeAll();
    assertThat(bed.crossedDigest.get(1)).containsKey(1); // vm 1 is MI2, not due at 1
    assertThat(bed.crossedDigest.get(3)).containsKey(1); // vm 3 is MI3
    assertThat(bed.protocol.exemptFrom()).containsExactlyInAnyOrder("P3", "P4");
  }
}
