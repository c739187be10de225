package org.vmqsc.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Acknowledgements as per-channel ranges: the same acks, in a size that follows the channels. */
class AckListTest {
  @Test
  void aChannelsConsecutiveAcksOfOneIntervalAreOneRange() {
    AckList acks = new AckList();
    for (int seq = 1; seq <= 100; seq++) {
      acks.add(3, 7, 0, seq, 0, 4); // channel 3 -> 7
      acks.add(5, 7, 1, seq + 10, 2, 4); // channel 5 -> 7, interleaved with it
    }
    assertThat(acks.rangeCount()).isEqualTo(2);
    assertThat(acks.size()).as("still 200 acks, one by one").isEqualTo(200);
    assertThat(acks.count(0)).isEqualTo(100);
    assertThat(acks.seq(1)).isEqualTo(11);
  }

  /**
   * A range stands only for acks that would each be judged alike (D4): a new interval or
   * incarnation of the receiver, a new incarnation of the sender, or a gap starts a new one.
   */
  @Test
  void anythingThatJudgesAnAckDifferentlyStartsANewRange() {
    AckList acks = new AckList();
    acks.add(1, 2, 0, 1, 0, 4);
    acks.add(1, 2, 0, 2, 0, 5); // next interval
    acks.add(1, 2, 0, 3, 1, 5); // receiver rolled back
    acks.add(1, 2, 1, 4, 1, 5); // sender rolled back
    acks.add(1, 2, 1, 6, 1, 5); // a gap (seq 5 acknowledged elsewhere, or later)
    acks.add(1, 2, 1, 5, 1, 5); // below the range's end: not an extension
    assertThat(acks.rangeCount()).isEqualTo(6);
    assertThat(new ArrayList<>(acks)).containsExactly(new Ack(1, 2, 0, 1, 0, 4),
        new Ack(1, 2, 0, 2, 0, 5), new Ack(1, 2, 0, 3, 1, 5), new Ack(1, 2, 1, 4, 1, 5),
        new Ack(1, 2, 1, 6, 1, 5), new Ack(1, 2, 1, 5, 1, 5));
  }

  @Test
  void asAListItHoldsTheSingleAcksInRangeOrder() {
    List<Ack> plain = List.of(new Ack(0, 1, 0, 1, 0, 2), new Ack(0, 1, 0, 2, 0, 2),
        new Ack(4, 1, 0, 9, 0, 2), new Ack(0, 1, 0, 3, 0, 2));
    AckList packed = AckList.of(plain);
    assertThat(packed.rangeCount()).isEqualTo(2);
    assertThat(packed).containsExactly(plain.get(0), plain.get(1), plain.get(3), plain.get(2));
    assertThat(packed.get(2)).isEqualTo(plain.get(3));
    assertThat(packed.ranges(1, 2)).containsExactly(plain.get(2));
  }

  @Test
  void theCopyAMessageKeepsCannotChange() {
    AckList acks = new AckList();
    acks.add(0, 1, 0, 1, 0, 0);
    AckList kept = AckList.copyOf(acks);
    acks.add(0, 1, 0, 2, 0, 0);
    assertThat(kept).hasSize(1);
    assertThat(AckList.copyOf(kept)).isSameAs(kept);
    assertThatThrownBy(() -> kept.add(new Ack(0, 1, 0, 2))).isInstanceOf(
        UnsupportedOperationException.class);
  }

  @Test
  void manyChannelsEachKeepTheirOwnRange() {
    AckList acks = new AckList();
    for (int seq = 1; seq <= 3; seq++) {
      for (int from = 0; from < 500; from++) {
        acks.add(from, 1000 + from % 7, 0, seq, 0, 1);
      }
    }
    assertThat(acks.rangeCount()).isEqualTo(500);
    assertThat(acks.size()).isEqualTo(1500);
  }

  /** The owner hands a period's acks on frozen and goes on with a new list of its own. */
  @Test
  void aListHandedOnIsFrozenAndItsSuccessorStartsEmpty() {
    AckList period = new AckList();
    period.add(0, 1, 0, 1, 0, 0);
    period.add(0, 1, 0, 2, 0, 0);
    AckList next = period.freezeAndStartNext();
    assertThat(AckList.copyOf(period)).as("kept as it is, not copied").isSameAs(period);
    next.add(0, 1, 0, 3, 0, 0);
    assertThat(next.rangeCount()).as("the channel index starts afresh").isEqualTo(1);
    assertThat(next.seq(0)).isEqualTo(3);
    assertThat(period).hasSize(2);
    assertThatThrownBy(() -> period.add(new Ack(0, 1, 0, 3))).isInstanceOf(
        UnsupportedOperationException.class);
  }
}
