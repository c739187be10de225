package org.vmqsc.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;

/**
 * The simulated storage keeps what the core's retention policy says, and its byte count follows:
 * the same stories the file storage is told (FileStableStorageTest), on lists in memory.
 */
class SimStorageTest {
  private static final long BYTES = 100;

  private final EventQueue queue = new EventQueue();
  private final SimStorage storage = new SimStorage(queue, 1, 1, 1e6, 0);

  @Test
  void aRollbackUndoesTheFutureEvenForWritesThatLandLater() { // D6
    storage.preload(ckpt(0, 0));
    write(ckpt(2, 0), log(LogItem.Kind.R6, 3, 0), log(LogItem.Kind.R8, 3, 0), ckpt(4, 0));

    storage.discardFuture(0, 1, 3); // vm 0 rolled back to line 3 as incarnation 1
    assertThat(keys()).containsExactly(ItemKey.checkpoint(0, 0), ItemKey.checkpoint(2, 0),
        new ItemKey(ItemKey.Kind.R8, 3, 0));

    // staged by the old execution before the rollback, written after it
    write(ckpt(5, 0), ckpt(5, 1));
    assertThat(keys()).endsWith(ItemKey.checkpoint(2, 0), new ItemKey(ItemKey.Kind.R8, 3, 0),
        ItemKey.checkpoint(5, 1)).hasSize(4);
    assertThat(storage.bytesHeld).as("what is held is what is kept").isEqualTo(4 * BYTES);
  }

  @Test
  void aDamagedCheckpointIsHiddenFromRecoveryReportedAboveItsLineAndReclaimedLater() { // D15
    storage.preload(ckpt(0, 0));
    write(ckpt(2, 0), log(LogItem.Kind.R6, 3, 0));
    storage.damage(1.0, new SplittableRandom(1)); // every checkpoint written from now on rots
    write(ckpt(4, 0));
    assertThat(storage.linesKept()).isGreaterThan(1);

    assertThat(keys()).doesNotContain(ItemKey.checkpoint(4, 0));
    assertThat(storage.damagedAbove(0, 5)).containsExactly(ItemKey.checkpoint(4, 0));
    assertThat(storage.damagedAbove(0, 3)).as("line 3 stands on the good ckpt 2").isEmpty();

    storage.reclaim(0, 5);
    assertThat(keys()).containsExactly(ItemKey.checkpoint(2, 0),
        new ItemKey(ItemKey.Kind.R6, 3, 0));

    storage.damage(1e-9, new SplittableRandom(1));
    write(ckpt(6, 0));
    storage.reclaim(0, 6); // a good newer checkpoint: the old one and the damaged one go
    assertThat(keys()).containsExactly(ItemKey.checkpoint(6, 0));
    assertThat(storage.damagedAbove(0, 6)).isEmpty();
    assertThat(storage.bytesHeld).as("the damaged checkpoint's bytes went with it")
        .isEqualTo(BYTES);
  }

  @Test
  void aRecoveryReadsTheNewestCheckpointAndTheLogsSinceOncePerVm() {
    storage.preload(ckpt(0, 0));
    write(log(LogItem.Kind.R6, 1, 0), ckpt(2, 0), log(LogItem.Kind.R6, 2, 0),
        log(LogItem.Kind.R8, 3, 0));
    storage.newRecovery();

    storage.durableItems(0);
    assertThat(storage.bytesRead()).as("ckpt 2 and the two logs from interval 2 on")
        .isEqualTo(3 * BYTES);
    storage.durableItems(0);
    assertThat(storage.bytesRead()).as("a second look in one recovery").isEqualTo(3 * BYTES);
    storage.newRecovery();
    storage.durableItems(0);
    assertThat(storage.bytesRead()).as("the next recovery reads again").isEqualTo(6 * BYTES);
  }

  /** Stages the items on host 0 and lets the writer complete them all. */
  private void write(StableItem... items) {
    for (StableItem it : items) {
      storage.stage(0, it);
    }
    for (Event e = queue.poll(); e != null; e = queue.poll()) {
      storage.setNow(e.time);
      storage.complete(e.a, e.b);
    }
  }

  private List<ItemKey> keys() {
    return storage.durableItems(0).stream().map(ItemKey::of).toList();
  }

  private static CheckpointItem ckpt(int firstIndex, int incarnation) {
    return new CheckpointItem(0, firstIndex, firstIndex, incarnation, null, BYTES);
  }

  private static LogItem log(LogItem.Kind kind, int interval, int incarnation) {
    return new LogItem(0, kind, interval, incarnation, List.of(), 0, BYTES);
  }
}
