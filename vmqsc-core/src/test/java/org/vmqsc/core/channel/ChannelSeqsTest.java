package org.vmqsc.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.guest.TrafficGuest;
import org.vmqsc.core.spi.VmImage;

/** The counters a checkpoint keeps: sparse, immutable, convertible to the dense wire form. */
class ChannelSeqsTest {
  @Test
  void theDenseFormRoundTripsAndKeepsOnlySendersThatSent() {
    int[] dense = {0, 4, 0, 0, 9};
    ChannelSeqs seqs = ChannelSeqs.of(dense);
    assertThat(seqs.size()).isEqualTo(2);
    assertThat(seqs.get(1)).isEqualTo(4);
    assertThat(seqs.get(2)).isZero();
    assertThat(seqs.toArray(5)).containsExactly(dense);
    assertThat(seqs.toArray(7)).containsExactly(0, 4, 0, 0, 9, 0, 0);
    assertThat(seqs).hasToString("{1:4, 4:9}").isEqualTo(ChannelSeqs.of(new int[] {0, 4, 0, 0, 9}));
    assertThatThrownBy(() -> seqs.toArray(4)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ChannelSeqs.of(new int[3])).isSameAs(ChannelSeqs.EMPTY);
  }

  @Test
  void countersGrowPastTheirFirstTableAndSnapshotInSenderOrder() {
    Random rnd = new Random(3);
    int[] model = new int[5_000];
    ChannelCounters c = new ChannelCounters();
    for (int i = 0; i < 20_000; i++) {
      int from = rnd.nextInt(model.length);
      int seq = rnd.nextInt(100);
      c.raise(from, seq);
      model[from] = Math.max(model[from], seq);
    }
    for (int from = 0; from < model.length; from++) {
      assertThat(c.get(from)).as("sender " + from).isEqualTo(model[from]);
    }
    assertThat(c.snapshot()).isEqualTo(ChannelSeqs.of(model));
    ChannelCounters back = new ChannelCounters();
    back.restore(c.snapshot());
    assertThat(back.snapshot()).isEqualTo(c.snapshot());
    assertThat(back.size()).isEqualTo(c.size());
  }

  @Test
  void aVmHearingFromFewPeersKeepsAListAndOneHearingFromManyAnArray() {
    ChannelCounters few = new ChannelCounters();
    few.raise(10, 1);
    few.raise(900, 3);
    few.raise(99_999, 2);
    assertThat(few.snapshot().isDense()).isFalse();
    assertThat(few.snapshot().toArray(100_000)[900]).isEqualTo(3);

    ChannelCounters most = new ChannelCounters();
    for (int from = 999; from >= 0; from -= 5) {
      most.raise(from, from + 1); // every fifth peer, highest first
    }
    assertThat(most.snapshot().isDense()).isTrue();
    assertThat(most.size()).isEqualTo(200);
    for (int from = 0; from < 1000; from++) {
      assertThat(most.get(from)).isEqualTo(from % 5 == 4 ? from + 1 : 0);
    }
    most.raise(5_000, 7); // a far sender after the switch
    assertThat(most.get(5_000)).isEqualTo(7);
    assertThat(most.snapshot()).isEqualTo(ChannelSeqs.of(most.snapshot().toArray(5_001)));
    ChannelCounters back = new ChannelCounters();
    back.restore(most.snapshot());
    back.raise(2, 9);
    assertThat(most.get(2)).as("a restore copies: the snapshot stays frozen").isZero();
    assertThat(back.get(2)).isEqualTo(9);
    assertThat(back.get(5_000)).isEqualTo(7);
  }

  @Test
  void aRestoreForgetsCountersTheSnapshotDoesNotHave() {
    ChannelCounters c = new ChannelCounters();
    c.raise(3, 5);
    c.raise(8, 2);
    c.restore(ChannelSeqs.of(new int[] {0, 0, 0, 1}));
    assertThat(c.get(3)).isEqualTo(1);
    assertThat(c.get(8)).isZero();
    assertThat(c.size()).isEqualTo(1);
  }

  @Test
  void anImageStillAnswersInTheDenseFormAndItsCopySharesTheFrozenCounters() {
    VmImage image = new VmImage(new TrafficGuest(0, new Ledger(3)), new int[] {0, 2, 0},
        new int[] {0, 0, 6});
    assertThat(image.received()).isEqualTo(ChannelSeqs.of(new int[] {0, 0, 6}));
    assertThat(image.recvSeq()).containsExactly(0, 0, 6);
    assertThat(image.copy().received()).isSameAs(image.received());
  }

  @Test
  void aDenseSnapshotKeepsEveryCounterExactlyAsItsCountersOutgrowAByteAndAChar() {
    ChannelCounters c = new ChannelCounters();
    int[] model = new int[64];
    for (int from = 0; from < model.length; from++) {
      c.raise(from, from + 1); // dense: every sender of its span
      model[from] = from + 1;
    }
    ChannelSeqs small = c.snapshot();
    c.raise(7, 255); // the most a byte holds, unsigned
    ChannelSeqs edge = c.snapshot();
    c.raise(9, 256); // past a byte
    ChannelSeqs mid = c.snapshot();
    c.raise(11, 65_536); // past a char
    ChannelSeqs wide = c.snapshot();
    assertThat(small).isEqualTo(ChannelSeqs.of(model));
    model[7] = 255;
    assertThat(edge.get(7)).isEqualTo(255);
    assertThat(edge).isEqualTo(ChannelSeqs.of(model));
    model[9] = 256;
    assertThat(mid).isEqualTo(ChannelSeqs.of(model));
    assertThat(mid.get(9)).isEqualTo(256);
    model[11] = 65_536;
    assertThat(wide).isEqualTo(ChannelSeqs.of(model));
    assertThat(wide.toArray(64)).containsExactly(model);
    for (ChannelSeqs snap : new ChannelSeqs[] {small, edge, mid, wide}) {
      ChannelCounters back = new ChannelCounters();
      back.restore(snap);
      assertThat(back.snapshot()).isEqualTo(snap);
      assertThat(back.get(63)).isEqualTo(64);
      back.raise(63, 70_000); // a restored copy widens again when its counters do
      assertThat(back.snapshot().get(63)).isEqualTo(70_000);
      assertThat(back.snapshot().get(62)).isEqualTo(63);
    }
    assertThat(small.get(63)).as("snapshots stay frozen").isEqualTo(64);
  }
}
