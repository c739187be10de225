package org.vmqsc.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.spi.ItemKey;

/**
 * D15 for log records: which damaged records a rebuild at a line needs. An MI3 VM stands on
 * checkpoints of intervals 0 and 3 and logged R6 records of 4 and 5; a damaged one of those is
 * needed for lines 5 and 6 (replayed on checkpoint 3), and not for line 3 or below when every VM
 * falls back (its messages were sent in its own interval, by senders that roll back too).
 */
class DamagedLogRetentionTest {
  private static final ItemKey CP0 = ItemKey.checkpoint(0, 0);
  private static final ItemKey CP3 = ItemKey.checkpoint(3, 0);
  private static final ItemKey R6_4 = new ItemKey(ItemKey.Kind.R6, 4, 0);
  private static final ItemKey R8_4 = new ItemKey(ItemKey.Kind.R8, 4, 0);
  private static final List<ItemKey> ITEMS = List.of(CP0, CP3, R6_4);

  private static List<ItemKey> needed(List<ItemKey> damaged, int line, boolean everyone) {
    return Retention.damagedLogsNeeded(ITEMS, Function.identity(), line, List.of(),
        k -> true, damaged, everyone);
  }

  @Test
  void aDamagedR6RecordIsNeededWhereItIsReplayedAndAsAKeptSendersReceipts() {
    assertThat(needed(List.of(R6_4), 5, false)).containsExactly(R6_4);
    assertThat(needed(List.of(R6_4), 5, true)).as("replayed on checkpoint 3").containsExactly(R6_4);
    assertThat(needed(List.of(R6_4), 4, false)).as("a sender that keeps its execution")
        .containsExactly(R6_4);
    assertThat(needed(List.of(R6_4), 4, true)).as("every sender rolls back to 4").isEmpty();
    assertThat(needed(List.of(R6_4), 3, true)).isEmpty();
  }

  @Test
  void aDamagedR8RecordIsNeededAtEveryLineItsBaseIsAtOrBelow() {
    for (int line = 0; line <= 6; line++) {
      assertThat(needed(List.of(R8_4), line, true)).as("line " + line).containsExactly(R8_4);
    }
    List<ItemKey> later = List.of(CP0, CP3, ItemKey.checkpoint(5, 0));
    assertThat(Retention.damagedLogsNeeded(later, Function.identity(), 6, List.of(), k -> true,
        List.of(R8_4), true)).as("a checkpoint past it stands in").isEmpty();
  }

  @Test
  void anUndoneRecordIsNotReplayedButAnUndoneR8StillCarriesChannelState() {
    List<RollbackMark> marks = List.of(new RollbackMark(1, 4));
    assertThat(Retention.damagedLogsNeeded(ITEMS, Function.identity(), 6, marks, k -> true,
        List.of(R6_4, R8_4), true)).isEmpty();
    assertThat(Retention.damagedLogsNeeded(ITEMS, Function.identity(), 4, marks, k -> true,
        List.of(R6_4, R8_4), true)).containsExactly(R8_4);
  }

  @Test
  void aStretchNobodyCanTellApartIsNeededEverywhere() {
    assertThat(needed(List.of(ItemKey.unknownLog()), 0, true)).hasSize(1);
    assertThat(needed(List.of(ItemKey.unknownLog()), 1_000, true)).hasSize(1);
  }
}
