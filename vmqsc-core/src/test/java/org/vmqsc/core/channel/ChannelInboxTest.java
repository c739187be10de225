package org.vmqsc.core.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.channel.ChannelInbox.Receipt;
import org.vmqsc.core.model.Message;

/** One receiving VM's channels: in-order delivery, duplicates dropped, gaps held (SPEC §5). */
class ChannelInboxTest {
  private static final int ME = 7;
  private final ChannelInbox inbox = new ChannelInbox();
  /** What the VM received, in order, as "from#seq". */
  private final List<String> guest = new ArrayList<>();

  private static Message m(int from, int seq) {
    return new Message(from, ME, seq, 0, 0, seq, 0);
  }

  /** The protocol's delivery: the VM takes the message, then the inbox counts it. */
  private void deliver(Message m) {
    guest.add(m.from + "#" + m.seq);
    inbox.delivered(m);
  }

  private Receipt offer(Message m) {
    return inbox.offer(m, true, this::deliver);
  }

  @Test
  void messagesInOrderAreDeliveredAtOnce() {
    assertThat(offer(m(1, 1))).isEqualTo(Receipt.DELIVERED);
    assertThat(offer(m(1, 2))).isEqualTo(Receipt.DELIVERED);
    assertThat(offer(m(2, 1))).isEqualTo(Receipt.DELIVERED);
    assertThat(guest).containsExactly("1#1", "1#2", "2#1");
    assertThat(inbox.lastDelivered(1)).isEqualTo(2);
    assertThat(inbox.lastDelivered(3)).as("never sent").isZero();
  }

  @Test
  void aReSentCopyOfADeliveredMessageIsDroppedAsADuplicate() {
    offer(m(1, 1));
    offer(m(1, 2));
    assertThat(offer(m(1, 1))).isEqualTo(Receipt.DUPLICATE);
    assertThat(offer(m(1, 2))).isEqualTo(Receipt.DUPLICATE);
    assertThat(guest).containsExactly("1#1", "1#2");
  }

  @Test
  void aMessageAheadOfAGapWaitsAndFollowsTheOneThatClosesIt() {
    offer(m(1, 1));
    assertThat(offer(m(1, 3))).isEqualTo(Receipt.HELD);
    assertThat(guest).containsExactly("1#1");
    assertThat(inbox.heldCount()).isEqualTo(1);

    assertThat(offer(m(1, 2))).isEqualTo(Receipt.DELIVERED);
    assertThat(guest).containsExactly("1#1", "1#2", "1#3");
    assertThat(inbox.heldCount()).isZero();
    assertThat(inbox.lastDelivered(1)).isEqualTo(3);
  }

  @Test
  void heldMessagesAreReleasedInSequenceOrderNotArrivalOrder() {
    offer(m(1, 5));
    offer(m(1, 3));
    offer(m(1, 4));
    assertThat(offer(m(1, 3))).as("a second copy of a held one is held once")
        .isEqualTo(Receipt.HELD);
    offer(m(2, 2)); // another channel's gap is not closed by this one
    offer(m(1, 1));
    assertThat(guest).containsExactly("1#1");
    offer(m(1, 2));
    assertThat(guest).containsExactly("1#1", "1#2", "1#3", "1#4", "1#5");
    assertThat(inbox.heldCount()).as("2#2 still waits for 2#1").isEqualTo(1);
  }

  @Test
  void closingOneGapReleasesOnlyUpToTheNextGap() {
    offer(m(1, 4));
    offer(m(1, 2));
    offer(m(1, 1));
    assertThat(guest).containsExactly("1#1", "1#2");
    assertThat(inbox.heldCount()).isEqualTo(1);
    offer(m(1, 3));
    assertThat(guest).containsExactly("1#1", "1#2", "1#3", "1#4");
  }

  @Test
  void withSuppressionOffADuplicateIsDeliveredAgainButGapsAreStillHeld() {
    offer(m(1, 1));
    offer(m(1, 2));
    assertThat(inbox.offer(m(1, 1), false, this::deliver)).isEqualTo(Receipt.DELIVERED);
    assertThat(guest).containsExactly("1#1", "1#2", "1#1");
    assertThat(inbox.lastDelivered(1)).as("a counter never falls").isEqualTo(2);

    assertThat(inbox.offer(m(1, 4), false, this::deliver)).isEqualTo(Receipt.HELD);
    inbox.offer(m(1, 3), false, this::deliver);
    assertThat(guest).endsWith("1#3", "1#4");
  }

  @Test
  void aDeliveryTheProtocolForgotToCountFailsFast() {
    assertThatThrownBy(() -> inbox.offer(m(1, 1), true, msg -> guest.add("lost count")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("not recorded");
  }

  @Test
  void orphansHeldBehindAGapAreDroppedAndTheRestStillWaits() {
    offer(m(1, 3));
    offer(m(1, 4));
    offer(m(2, 5));
    inbox.dropHeldIf(msg -> msg.seq >= 4); // say: sent by an execution a rollback undid
    assertThat(inbox.heldCount()).isEqualTo(1);
    assertThat(inbox.channels()).as("vm 2's emptied channel holds nothing").isEqualTo(1);
    offer(m(1, 1));
    offer(m(1, 2));
    assertThat(guest).containsExactly("1#1", "1#2", "1#3");
  }

  @Test
  void takeHeldEmptiesTheInboxChannelByChannelInSequenceOrder() {
    offer(m(3, 9));
    offer(m(3, 4));
    offer(m(1, 2));
    List<Message> held = inbox.takeHeld();
    assertThat(held).extracting(msg -> msg.from + "#" + msg.seq)
        .containsExactly("1#2", "3#4", "3#9");
    assertThat(inbox.heldCount()).isZero();
    assertThat(guest).isEmpty();
  }

  @Test
  void stateExistsOnlyForSendersThatSent() {
    // a VM of a 100,000-VM cluster that hears from three peers
    offer(m(99_999, 1));
    offer(m(42, 1));
    offer(m(42, 2));
    offer(m(50_000, 2)); // held: 50,000's first message is still on its way
    assertThat(inbox.channels()).isEqualTo(3);
    ChannelSeqs snap = inbox.snapshot();
    assertThat(snap.size()).as("held messages are no part of the state").isEqualTo(2);
    assertThat(snap.get(42)).isEqualTo(2);
    assertThat(snap.get(99_999)).isEqualTo(1);
    assertThat(snap.get(50_000)).isZero();
  }

  @Test
  void aSnapshotIsFrozenAndARestoreContinuesFromIt() {
    offer(m(1, 1));
    offer(m(2, 1));
    ChannelSeqs checkpoint = inbox.snapshot();
    offer(m(1, 2));
    offer(m(2, 2));
    offer(m(2, 4)); // held behind 2#3
    assertThat(checkpoint.get(1)).as("later deliveries leave the checkpoint alone").isEqualTo(1);

    inbox.restore(checkpoint); // the VM failed and restarts from its checkpoint
    assertThat(inbox.snapshot()).isEqualTo(checkpoint);
    assertThat(inbox.isNext(m(1, 2))).as("replay re-delivers what came after").isTrue();
    guest.clear();
    offer(m(1, 2));
    offer(m(2, 2));
    offer(m(2, 3));
    assertThat(guest).as("the held one survived the restore")
        .containsExactly("1#2", "2#2", "2#3", "2#4");
  }

  @Test
  void anyArrivalOrderWithCopiesDeliversEachChannelOnceInOrder() {
    for (long seed = 1; seed <= 50; seed++) {
      Random rnd = new Random(seed);
      List<Message> wire = new ArrayList<>();
      Map<Integer, Integer> sent = new HashMap<>();
      for (int from : new int[] {0, 3, 1_000}) {
        int n = 1 + rnd.nextInt(30);
        sent.put(from, n);
        for (int seq = 1; seq <= n; seq++) {
          wire.add(m(from, seq));
          if (rnd.nextInt(4) == 0) {
            wire.add(m(from, seq)); // a re-sent copy
          }
        }
      }
      Collections.shuffle(wire, rnd);
      ChannelInbox in = new ChannelInbox();
      Map<Integer, List<Integer>> got = new HashMap<>();
      for (Message msg : wire) {
        in.offer(msg, true, x -> {
          got.computeIfAbsent(x.from, f -> new ArrayList<>()).add(x.seq);
          in.delivered(x);
        });
      }
      for (Map.Entry<Integer, Integer> e : sent.entrySet()) {
        List<Integer> expected = new ArrayList<>();
        for (int seq = 1; seq <= e.getValue(); seq++) {
          expected.add(seq);
        }
        assertThat(got.get(e.getKey())).as("seed " + seed + " from " + e.getKey())
            .isEqualTo(expected);
      }
      assertThat(in.heldCount()).as("seed " + seed).isZero();
    }
  }
}
