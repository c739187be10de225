package org.vmqsc.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;

/**
 * The stable storage's contract, told once and run over each {@link ObjectStore} (a directory,
 * an S3 bucket): write, crash, damage, restart, expect. A subclass says how to open a store on
 * the same backing and how to reach an object behind the store's back (as rot or an operator
 * would), nothing else.
 */
abstract class StableStorageContract {
  private static final long NO_LAZY = 0;
  private static final long AN_HOUR = 3_600_000;

  protected final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<long[]> completions = Collections.synchronizedList(new ArrayList<>());
  private final List<FileStableStorage> opened = new ArrayList<>();

  /** A new store on the same backing as every other this test opened. */
  abstract ObjectStore newStore();

  /** The local storage directory (fault files; with the file store, the objects too). */
  abstract java.nio.file.Path localDir();

  /** An object's bytes, read behind the store's back. */
  abstract byte[] rawRead(String name) throws IOException;

  /** Replaces an object's bytes behind the store's back. */
  abstract void rawWrite(String name, byte[] bytes) throws IOException;

  /** Removes an object behind the store's back. */
  abstract void rawDelete(String name) throws IOException;

  /** A store of our own for finding objects by host and ticket. */
  private ObjectStore lookup;

  @AfterEach
  void closeAll() throws IOException {
    opened.forEach(FileStableStorage::halt);
    if (lookup != null) {
      lookup.close();
    }
  }

  private FileStableStorage open(long lazyDelayMillis) {
    return open(lazyDelayMillis, (h, t) -> completions.add(new long[] {h, t}));
  }

  private FileStableStorage open(long lazyDelayMillis, FileStableStorage.Completion c) {
    FileStableStorage s = new FileStableStorage(FileStorageConfig.builder(localDir())
        .lazyDelayMillis(lazyDelayMillis).build(), newStore(), c, problems::add);
    opened.add(s);
    return s;
  }

  @Test
  void itemsWrittenBeforeARestartReadBackInStagingOrder() {
    FileStableStorage s = open(NO_LAZY);
    List<StableItem> staged = List.of(TestItems.checkpoint(0, 0, 0, 64),
        TestItems.log(0, LogItem.Kind.R8, 0, 0), TestItems.log(0, LogItem.Kind.R6, 1, 0),
        TestItems.checkpoint(0, 2, 0, 64), TestItems.log(0, LogItem.Kind.R8, 2, 0));
    s.preload(staged.get(0));
    for (StableItem it : staged.subList(1, staged.size())) {
      s.stage(0, it);
    }
    s.stage(1, TestItems.checkpoint(1, 2, 0, 64));
    s.close();

    FileStableStorage restarted = open(NO_LAZY);
    List<StableItem> back = restarted.durableItems(0);
    assertThat(back).hasSize(staged.size());
    for (int i = 0; i < staged.size(); i++) {
      assertThat(ItemCodec.sameContent(back.get(i), staged.get(i))).as("item %d", i).isTrue();
    }
    assertThat(restarted.durableItems(1)).hasSize(1);
    assertThat(restarted.durableItems(2)).isEmpty();
    assertThat(problems).isEmpty();
  }

  @Test
  void completionsComeInTicketOrderAndOnlyOnceTheObjectIsStored() {
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    FileStableStorage[] self = new FileStableStorage[1];
    self[0] = open(NO_LAZY, (host, ticket) -> {
      completions.add(new long[] {host, ticket});
      try {
        String name = nameOf(self[0], (int) host, ticket);
        if (name == null) { // a log record: in its host's segment, checked by its own CRC
          SegmentIndex.Entry e = recordOf((int) host, ticket);
          lookupSegments().read(e);
          name = e.segment().fileName() + "@" + e.offset();
        } else {
          byte[] raw = rawRead(name); // complete and verified when we are told
          ItemFile.read(java.nio.channels.Channels.newChannel(
              new java.io.ByteArrayInputStream(raw)), raw.length);
        }
        seen.add(name);
      } catch (IOException | RuntimeException | AssertionError e) {
        violations.add(host + "/" + ticket + ": " + e);
      }
    });
    for (int i = 0; i < 24; i++) {
      int host = i % 3;
      StableItem it = i % 4 == 0 ? TestItems.checkpoint(host, i, 0, 4096)
          : TestItems.log(host, LogItem.Kind.R6, i, 0);
      assertThat(self[0].stage(host, it)).isEqualTo(i / 3 + 1);
    }
    self[0].flush();
    assertThat(violations).isEmpty();
    assertThat(seen).hasSize(24);
    for (int host = 0; host < 3; host++) {
      final int h = host;
      assertThat(completions.stream().filter(c -> c[0] == h).mapToLong(c -> c[1]).toArray())
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }
  }

  @Test
  void aCrashLosesWhatWasStagedButNotWritten() {
    FileStableStorage s = open(AN_HOUR);
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    s.stage(0, TestItems.checkpoint(0, 2, 0, 64));
    s.halt();

    assertThat(completions).isEmpty();
    assertThat(open(NO_LAZY).durableItems(0)).extracting(StableItem::interval).containsExactly(0);
  }

  @Test
  void aTruncatedCheckpointIsReportedAndRecoveryFallsBackToThePreviousGoodOne()
      throws IOException {
    FileStableStorage s = fourItems();
    String newest = nameOf(s, 0, 3);
    byte[] whole = rawRead(newest);
    rawWrite(newest, Arrays.copyOf(whole, whole.length / 2));

    FileStableStorage restarted = open(NO_LAZY);
    List<StableItem> items = restarted.durableItems(0);

    assertThat(items).extracting(StableItem::interval).containsExactly(0, 2, 3);
    assertThat(lineCheckpoint(items, 5).firstIndex()).isEqualTo(2);
    assertThat(restarted.corruptFiles()).isEqualTo(1);
    assertThat(restarted.damagedAbove(0, 5)).containsExactly(ItemKey.checkpoint(4, 0));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(leaf(newest))
        .contains("truncated"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("falls back to ckpt_2_0_h0r1t1"));
  }

  @Test
  void aFlippedBitInTheMemoryImageIsReportedAndRecoveryFallsBack() throws IOException {
    FileStableStorage s = open(NO_LAZY);
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    s.stage(0, TestItems.checkpoint(0, 2, 0, 1 << 20));
    s.flush();
    String name = nameOf(s, 0, 1);
    byte[] bytes = rawRead(name);
    assertThat(bytes).as("padded to the memory image").hasSize(1 << 20);
    bytes[700_000] ^= 0x10; // far from the encoded state: only the checksum can tell
    rawWrite(name, bytes);

    assertThat(s.durableItems(0)).extracting(StableItem::interval).containsExactly(0);
    assertThat(s.damagedAbove(0, 3)).containsExactly(ItemKey.checkpoint(2, 0));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(leaf(name))
        .contains("checksum mismatch").contains("not used"));
    assertThat(problems).anySatisfy(p -> assertThat(p)
        .contains("falls back to ckpt_0_0_boot.item (interval 0)"));
  }

  @Test
  void aMissingCheckpointIsOnlyGoneAndRecoveryStandsOnTheOneBefore() throws IOException {
    FileStableStorage s = fourItems();
    rawDelete(nameOf(s, 0, 3));

    List<StableItem> items = open(NO_LAZY).durableItems(0);
    assertThat(items).extracting(StableItem::interval).containsExactly(0, 2, 3);
    assertThat(lineCheckpoint(items, 5).firstIndex()).isEqualTo(2);
    assertThat(s.damagedAbove(0, 5)).as("gone is not damaged").isEmpty();
  }

  @Test
  void reclaimNeverDeletesTheLastGoodCheckpointForADamagedNewerOne() throws IOException {
    FileStableStorage s = fourItems();
    String ckpt4 = nameOf(s, 0, 3);
    byte[] b = rawRead(ckpt4);
    b[b.length - 1] ^= 1;
    rawWrite(ckpt4, b); // ckpt 4 is durable, then rots

    s.reclaim(0, 5);
    assertThat(s.itemNames(0)).noneMatch(n -> n.startsWith("ckpt_0_"))
        .anyMatch(n -> n.startsWith("ckpt_2_")).anyMatch(n -> n.startsWith("r6_3_"));
    assertThat(lineCheckpoint(s.durableItems(0), 5).firstIndex()).isEqualTo(2);

    s.stage(0, TestItems.checkpoint(0, 6, 0, 64));
    s.flush();
    s.reclaim(0, 6); // a good newer checkpoint: now the old one and the damaged one may go
    assertThat(s.itemNames(0)).singleElement().asString().startsWith("ckpt_6_");
  }

  @Test
  void aRollbackUndoesTheFutureEvenForWritesThatLandLater() {
    FileStableStorage s = open(NO_LAZY);
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    s.stage(0, TestItems.checkpoint(0, 2, 0, 64));
    s.stage(0, TestItems.log(0, LogItem.Kind.R6, 3, 0));
    s.stage(0, TestItems.log(0, LogItem.Kind.R8, 3, 0));
    s.stage(0, TestItems.checkpoint(0, 4, 0, 64));
    s.flush();

    s.discardFuture(0, 1, 3); // vm 0 rolled back to line 3 as incarnation 1
    assertThat(s.durableItems(0)).extracting(it -> ItemName.kindOf(it) + it.interval())
        .containsExactly("ckpt0", "ckpt2", "r83");

    // a lazy writer of another process, which never heard of the rollback, lands a late write
    FileStableStorage other = open(NO_LAZY);
    other.stage(5, TestItems.checkpoint(0, 5, 0, 64));
    other.stage(5, TestItems.checkpoint(0, 5, 1, 64));
    other.flush();
    assertThat(open(NO_LAZY).durableItems(0)).extracting(it -> it.interval() + "/"
        + it.incarnation()).containsExactly("0/0", "2/0", "3/0", "5/1");
  }

  @Test
  void aRestartedWriterNeverReusesAName() {
    FileStableStorage first = open(NO_LAZY);
    first.stage(0, TestItems.log(0, LogItem.Kind.R8, 1, 0));
    first.stage(0, TestItems.log(0, LogItem.Kind.R8, 2, 0));
    first.close();

    FileStableStorage second = open(NO_LAZY);
    second.stage(0, TestItems.log(0, LogItem.Kind.R8, 3, 0)); // ticket 1 again, run 2
    second.flush();

    assertThat(second.itemNames(0)).containsExactly("r8_1_0_h0r1t1.item", "r8_2_0_h0r1t2.item",
        "r8_3_0_h0r2t1.item");
    assertThat(problems).isEmpty();
  }

  @Test
  void aFailingWriteHoldsTheDurableLineUntilItSucceeds() throws Exception {
    FileStableStorage s = open(NO_LAZY);
    java.nio.file.Path fault = WriteFault.file(localDir(), 0);
    java.nio.file.Files.writeString(fault, "injected: store unavailable\n");
    s.stage(0, TestItems.log(0, LogItem.Kind.R8, 1, 0));
    s.stage(0, TestItems.log(0, LogItem.Kind.R8, 2, 0));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (s.writeProblem(0) == null && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(s.writeProblem(0)).contains("store unavailable");
    assertThat(completions).isEmpty();
    assertThat(s.itemNames(0)).isEmpty();

    java.nio.file.Files.delete(fault);
    s.flush();
    assertThat(completions).extracting(c -> c[1]).containsExactly(1L, 2L);
    assertThat(s.itemNames(0)).hasSize(2);
  }

  // ---- helpers ----------------------------------------------------------------------------

  /** Boot checkpoint 0, then checkpoint 2, R6 of 3 and checkpoint 4 staged by host 0, durable. */
  private FileStableStorage fourItems() {
    FileStableStorage s = open(NO_LAZY);
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    s.stage(0, TestItems.checkpoint(0, 2, 0, 4096));
    s.stage(0, TestItems.log(0, LogItem.Kind.R6, 3, 0));
    s.stage(0, TestItems.checkpoint(0, 4, 0, 4096));
    s.flush();
    return s;
  }

  /** What LineRollback.fromStable picks: the newest checkpoint at or below the line. */
  private static CheckpointItem lineCheckpoint(List<StableItem> items, int line) {
    CheckpointItem cp = null;
    for (StableItem it : items) {
      if (it instanceof CheckpointItem c && c.firstIndex() <= line
          && (cp == null || c.firstIndex() > cp.firstIndex())) {
        cp = c;
      }
    }
    return cp;
  }

  /** The object name of the item that {@code host} staged under {@code ticket} (any vm, run). */
  private String nameOf(FileStableStorage s, int host, long ticket) {
    synchronized (this) {
      if (lookup == null) {
        lookup = newStore();
      }
    }
    try {
      for (String vmDir : lookup.list("")) {
        for (String f : lookup.list(vmDir)) {
          ItemName n = ItemName.parse(f);
          if (n != null && n.host() == host && n.ticket() == ticket) {
            return vmDir + "/" + f;
          }
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return null;
  }

  private SegmentIndex segmentsLookup;

  private synchronized SegmentIndex lookupSegments() {
    if (segmentsLookup == null) {
      nameOf(null, -1, -1); // opens the lookup store
      segmentsLookup = new SegmentIndex(lookup, p -> { });
    }
    return segmentsLookup;
  }

  /** The log record {@code host} staged under {@code ticket}, from the segments' headers. */
  private SegmentIndex.Entry recordOf(int host, long ticket) {
    for (int vm = 0; vm < 8; vm++) {
      for (SegmentIndex.Entry e : lookupSegments().entriesOf(vm)) {
        if (e.name().host() == host && e.name().ticket() == ticket) {
          return e;
        }
      }
    }
    throw new AssertionError("no object or record for " + host + "/" + ticket);
  }

  private static String leaf(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }
}
