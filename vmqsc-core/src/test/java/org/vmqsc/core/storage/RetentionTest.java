package org.vmqsc.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.spi.ItemKey;

/**
 * Which stable items of one VM survive (D3, D6, D15), as stories. The items here are their keys
 * themselves; a storage indexes by file names or records, the decisions are the same.
 */
class RetentionTest {
  /** One VM's storage as the helper sees it: items in staging order and the rollbacks so far. */
  private final List<ItemKey> stored = new ArrayList<>();
  private final List<RollbackMark> marks = new ArrayList<>();
  private final List<ItemKey> read = new ArrayList<>();

  @Test
  void aRollbackUndoesLaterCheckpointsAndR6RecordsButKeepsWhatCarriesMessages() { // D6
    write(ckpt(0, 0), r6(1, 0), ckpt(2, 0), r6(3, 0), r8(3, 0), ckpt(4, 0), r6(4, 0));

    rollBack(1, 3); // to line 3, as incarnation 1

    assertThat(stored).containsExactly(ckpt(0, 0), r6(1, 0), ckpt(2, 0), r8(3, 0));
    assertThat(Retention.undone(r8(3, 0), marks))
        .as("the R8 record stays on storage, but its interval is not replayed").isTrue();
    assertThat(Retention.discarded(ckpt(3, 0), marks))
        .as("a checkpoint at the line is the state the VM returned to").isFalse();
    assertThat(Retention.discarded(ckpt(5, 0), marks)).as("a late write of the undone future")
        .isTrue();
    assertThat(Retention.discarded(ckpt(5, 1), marks)).as("the new incarnation's own").isFalse();
    assertThat(Retention.discarded(channel(3, 0), marks))
        .as("a line's channel state is part of the line").isFalse();
  }

  @Test
  void aMessageSentByAnUndoneExecutionIsAnOrphanOneSentBeforeTheLineIsNot() { // D6
    rollBack(2, 5);
    assertThat(Retention.undone(1, 5, marks)).isTrue();
    assertThat(Retention.undone(1, 4, marks)).isFalse();
    assertThat(Retention.undone(2, 7, marks)).as("sent by the execution that goes on").isFalse();
  }

  @Test
  void afterARollbackReclaimStandsOnTheNewIncarnationsCheckpoint() { // D6 then D3
    write(ckpt(0, 0), r6(1, 0), ckpt(2, 0), r6(3, 0), r8(3, 0), ckpt(4, 0));
    rollBack(1, 3);
    stored.add(ckpt(4, 0)); // a late write of the old execution, not (yet) dropped
    write(r6(3, 1), ckpt(5, 1), r6(5, 1));

    assertThat(reclaim(4)).as("line 4 stands on ckpt 2: the old ckpt 4 was undone")
        .containsExactly(ckpt(0, 0), r6(1, 0));
    stored.removeAll(reclaim(4));
    assertThat(reclaim(5)).containsExactly(ckpt(2, 0), r8(3, 0), ckpt(4, 0), r6(3, 1));
    stored.removeAll(reclaim(5));
    assertThat(stored).containsExactly(ckpt(5, 1), r6(5, 1));
  }

  @Test
  void reclaimDoesNotReadWhenNothingLiesBelowTheLinesCheckpoint() {
    write(ckpt(4, 0), r6(4, 0), ckpt(6, 0));
    assertThat(reclaim(5)).isEmpty();
    assertThat(read).as("the common case costs no read").isEmpty();
  }

  @Test
  void aDamagedNewestCheckpointKeepsTheOlderGoodOneAndEverythingAfterIt() { // D15
    write(ckpt(0, 0), ckpt(2, 0), r6(3, 0), ckpt(4, 0));
    Set<ItemKey> rotten = Set.of(ckpt(4, 0));

    assertThat(damagedAbove(5, rotten)).containsExactly(ckpt(4, 0));
    assertThat(damagedAbove(3, rotten)).as("line 3 stands on the good ckpt 2").isEmpty();
    read.clear();

    Retention.Reclaim<ItemKey> r = Retention.reclaim(stored, Function.identity(), 5, marks,
        good(rotten));
    assertThat(r.deletable()).containsExactly(ckpt(0, 0));
    assertThat(read).as("newest first, until one is good").containsExactly(ckpt(4, 0),
        ckpt(2, 0));
    stored.removeAll(r.deletable());

    write(ckpt(6, 0));
    assertThat(Retention.reclaim(stored, Function.identity(), 6, marks, good(rotten))
        .deletable()).as("a good newer checkpoint: the old and the damaged one may go")
        .containsExactly(ckpt(2, 0), r6(3, 0), ckpt(4, 0));
  }

  @Test
  void whenNoCheckpointReadsBackGoodNothingIsReclaimedAndTheStorageIsTold() { // D15
    write(ckpt(0, 0), r6(1, 0), ckpt(2, 0));
    Set<ItemKey> rotten = Set.of(ckpt(0, 0), ckpt(2, 0));

    Retention.Reclaim<ItemKey> r = Retention.reclaim(stored, Function.identity(), 2, marks,
        good(rotten));

    assertThat(r.deletable()).isEmpty();
    assertThat(r.noGoodBase()).isTrue();
    assertThat(damagedAbove(2, rotten)).containsExactly(ckpt(2, 0), ckpt(0, 0));
  }

  @Test
  void aDamagedCheckpointThatARollbackUndidIsNotTheLinesBase() { // D15 after D6
    write(ckpt(0, 0), ckpt(2, 0), ckpt(4, 0));
    rollBack(1, 3);
    stored.add(ckpt(4, 0)); // written late by the old execution, and rotted

    assertThat(damagedAbove(5, Set.of(ckpt(4, 0)))).isEmpty();
  }

  @Test
  void aGoodCheckpointOfTheSameIntervalStandsInForADamagedOne() { // D15
    write(ckpt(0, 0), ckpt(4, 0));
    rollBack(1, 4); // the state at the start of 4 stands: ckpt 4 of incarnation 0 is not undone
    write(ckpt(4, 1)); // the same state written again by the new incarnation, and rotted

    assertThat(damagedAbove(5, Set.of(ckpt(4, 1)))).isEmpty();
  }

  @Test
  void anMiVmStandsOnOneCheckpointForKLinesSoItsLogsStayUntilTheNext() { // MI_3, D3, D15
    // due at 3 and 6: R6 records close the intervals in between
    write(ckpt(0, 0), r6(1, 0), r6(2, 0), ckpt(3, 0), r6(3, 0), r6(4, 0), r6(5, 0), ckpt(6, 0));

    for (int line = 3; line <= 5; line++) {
      assertThat(reclaim(line)).as("line %d", line).containsExactly(ckpt(0, 0), r6(1, 0),
          r6(2, 0));
    }
    // D15 with kmax = 3: the manager keeps lines back to 6 - 3 - 1 = 2 and asks with the
    // oldest, so should ckpt 6 rot, line 5 still has ckpt 3 and the R6 records of 3 and 4
    assertThat(reclaim(2)).isEmpty();
    assertThat(damagedAbove(6, Set.of(ckpt(6, 0)))).containsExactly(ckpt(6, 0));
    assertThat(damagedAbove(5, Set.of(ckpt(6, 0)))).isEmpty();
  }

  @Test
  void aRangeCheckpointIsTheBaseOfEveryLineItSpansAndSurvivesARollbackIntoIt() { // D1
    // the VM crossed indexes 5..8 at once: one checkpoint, the state at the start of each
    ItemKey range = ckpt(5, 0);
    write(ckpt(0, 0), r6(1, 0), range, r6(8, 0));

    assertThat(reclaim(7)).containsExactly(ckpt(0, 0), r6(1, 0));
    rollBack(1, 7);
    assertThat(stored).as("the state at the start of 7 is the range checkpoint's")
        .contains(range).doesNotContain(r6(8, 0));
    rollBack(2, 4);
    assertThat(stored).doesNotContain(range);
  }

  // ---- the storage of the story --------------------------------------------------------------

  private void write(ItemKey... items) {
    for (ItemKey it : items) {
      if (!Retention.discarded(it, marks)) { // a late write of an undone item is dropped
        stored.add(it);
      }
    }
  }

  private void rollBack(int incarnation, int line) {
    marks.add(new RollbackMark(incarnation, line));
    stored.removeIf(it -> Retention.discarded(it, marks));
  }

  private List<ItemKey> reclaim(int line) {
    return Retention.reclaim(stored, Function.identity(), line, marks, good(Set.of()))
        .deletable();
  }

  private List<ItemKey> damagedAbove(int line, Set<ItemKey> rotten) {
    return Retention.damagedAbove(stored, Function.identity(), line, marks, good(rotten));
  }

  private Predicate<ItemKey> good(Set<ItemKey> rotten) {
    return it -> {
      read.add(it);
      return !rotten.contains(it);
    };
  }

  private static ItemKey ckpt(int firstIndex, int incarnation) {
    return ItemKey.checkpoint(firstIndex, incarnation);
  }

  private static ItemKey r6(int interval, int incarnation) {
    return new ItemKey(ItemKey.Kind.R6, interval, incarnation);
  }

  private static ItemKey r8(int interval, int incarnation) {
    return new ItemKey(ItemKey.Kind.R8, interval, incarnation);
  }

  private static ItemKey channel(int interval, int incarnation) {
    return new ItemKey(ItemKey.Kind.CHANNEL, interval, incarnation);
  }
}
