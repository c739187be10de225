package org.vmqsc.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;

/** Stories of one storage directory: write, crash, corrupt, restart, expect. */
class FileStableStorageTest {
  private static final long NO_LAZY = 0;
  private static final long AN_HOUR = 3_600_000;

  @TempDir Path dir;
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<long[]> completions = Collections.synchronizedList(new ArrayList<>());
  private final List<FileStableStorage> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(FileStableStorage::halt);
  }

  private FileStableStorage open(long lazyDelayMillis) {
    return open(lazyDelayMillis, (h, t) -> completions.add(new long[] {h, t}));
  }

  private FileStableStorage open(long lazyDelayMillis, FileStableStorage.Completion c) {
    FileStableStorage s = new FileStableStorage(
        FileStorageConfig.builder(dir).lazyDelayMillis(lazyDelayMillis).build(), c, problems::add);
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
  void completionsComeInTicketOrderAndOnlyOnceTheFileIsDurable() {
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    FileStableStorage s = open(NO_LAZY, (host, ticket) -> {
      completions.add(new long[] {host, ticket});
      try { // complete and verified when we are told: a checkpoint's file, a log's record
        if ((3 * (ticket - 1) + host) % 4 == 0) { // staged below as item i = 3 (ticket - 1) + host
          ItemFile.read(fileOf(host, ticket));
        } else {
          SegmentIndex segments = new SegmentIndex(new FileObjectStore(dir), p -> { });
          SegmentIndex.Entry e = segments.entriesOf((int) host).stream()
              .filter(r -> r.name().ticket() == ticket).findFirst().orElseThrow();
          segments.read(e);
        }
      } catch (IOException | RuntimeException e) {
        violations.add(host + "/" + ticket + ": " + e);
      }
    });
    for (int i = 0; i < 30; i++) {
      int host = i % 3;
      StableItem it = i % 4 == 0 ? TestItems.checkpoint(host, i, 0, 4096)
          : TestItems.log(host, LogItem.Kind.R6, i, 0);
      assertThat(s.stage(host, it)).isEqualTo(i / 3 + 1);
    }
    s.flush();
    assertThat(violations).isEmpty();
    for (int host = 0; host < 3; host++) {
      final int h = host;
      assertThat(completions.stream().filter(c -> c[0] == h).mapToLong(c -> c[1]).toArray())
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }
  }

  @Test
  void aCheckpointWaitsForItsLazyDelayAndALogQueuesBehindIt() {
    FileStableStorage s = open(AN_HOUR);
    s.stage(0, TestItems.checkpoint(0, 2, 0, 64));
    s.stage(0, TestItems.log(0, LogItem.Kind.R8, 2, 0));

    assertThat(s.pendingWrites(0)).isEqualTo(2);
    assertThat(completions).isEmpty();
    assertThat(s.itemNames(0)).isEmpty();

    s.flush();
    assertThat(completions).extracting(c -> c[1]).containsExactly(1L, 2L);
    assertThat(s.itemNames(0)).hasSize(2);
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
    FileStableStorage s = open(NO_LAZY);
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    s.stage(0, TestItems.checkpoint(0, 2, 0, 4096));
    s.stage(0, TestItems.log(0, LogItem.Kind.R6, 3, 0));
    s.stage(0, TestItems.checkpoint(0, 4, 0, 4096));
    s.close();
    Path newest = fileOf(0, 3);
    try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
      f.setLength(f.length() / 2); // a torn write that a crash left behind
    }

    FileStableStorage restarted = open(NO_LAZY);
    List<StableItem> items = restarted.durableItems(0);

    assertThat(items).extracting(StableItem::interval).containsExactly(0, 2, 3);
    assertThat(lineCheckpoint(items, 5).firstIndex()).isEqualTo(2);
    assertThat(restarted.corruptFiles()).isEqualTo(1);
    assertThat(restarted.damagedAbove(0, 5)).containsExactly(ItemKey.checkpoint(4, 0));
    assertThat(restarted.damagedAbove(0, 3)).as("line 3 stands on the good one").isEmpty();
    assertThat(problems).anySatisfy(p -> assertThat(p).contains(newest.getFileName().toString())
        .contains("truncated"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("falls back to ckpt_2_0_h0r1t1"));
  }

  @Test
  void aFlipOfAnyByteIsDetectedAndTheFileNeverUsed() throws IOException {
    FileStableStorage s = open(NO_LAZY);
    s.stage(0, TestItems.checkpoint(0, 2, 0, 0));
    s.flush();
    Path file = fileOf(0, 1);
    byte[] good = Files.readAllBytes(file);
    for (int pos = 0; pos < good.length; pos++) {
      byte[] bad = good.clone();
      bad[pos] ^= (byte) (1 << (pos % 8));
      Files.write(file, bad);
      final int at = pos;
      assertThatThrownBy(() -> s.read(0, file.getFileName().toString())).as("flip at %d", at)
          .isInstanceOf(CorruptItemException.class);
    }
    assertThat(s.durableItems(0)).isEmpty();
    assertThat(s.durableItems(0)).isEmpty();
    assertThat(problems).as("each damaged file is reported once").hasSize(2);
    assertThat(problems.get(0)).contains(file.getFileName().toString()).contains("not used");
    assertThat(problems.get(1)).contains("recovery falls back to no older checkpoint");
  }

  @Test
  void aMemoryImagePadsTheCheckpointToItsSizeUnderTheChecksum() throws IOException {
    long eightMiB = 8L << 20;
    FileStableStorage s = open(NO_LAZY);
    CheckpointItem cp = TestItems.checkpoint(0, 2, 0, eightMiB);
    s.stage(0, cp);
    s.flush();
    Path file = fileOf(0, 1);

    assertThat(Files.size(file)).isEqualTo(eightMiB);
    assertThat(ItemCodec.sameContent(s.durableItems(0).get(0), cp)).isTrue();

    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(5L << 20); // inside the memory image, far from the encoded state
      int b = f.read();
      f.seek(5L << 20);
      f.write(b ^ 0x10);
    }
    assertThat(s.durableItems(0)).isEmpty();
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("checksum mismatch"));
  }

  @Test
  void withoutPaddingAFileHoldsOnlyTheState() throws IOException {
    FileStableStorage s = new FileStableStorage(FileStorageConfig.builder(dir).lazyDelayMillis(0)
        .padCheckpoints(false).build(), (h, t) -> {}, problems::add);
    opened.add(s);
    s.stage(0, TestItems.checkpoint(0, 2, 0, 64L << 20));
    s.flush();
    assertThat(Files.size(fileOf(0, 1))).isLessThan(1024);
  }

  @Test
  void reclaimDeletesWhatIsBelowTheLinesCheckpoint() {
    FileStableStorage s = open(NO_LAZY);
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    s.stage(0, TestItems.log(0, LogItem.Kind.R6, 1, 0));
    s.stage(0, TestItems.checkpoint(0, 2, 0, 64));
    s.stage(0, TestItems.log(0, LogItem.Kind.R6, 3, 0));
    s.stage(0, TestItems.checkpoint(0, 4, 0, 64));
    s.flush();

    s.reclaim(0, 3);
    assertThat(s.durableItems(0)).extracting(StableItem::interval).containsExactly(2, 3, 4);
    s.reclaim(0, 4);
    assertThat(s.durableItems(0)).extracting(StableItem::interval).containsExactly(4);
    assertThat(problems).isEmpty();
  }

  @Test
  void reclaimNeverDeletesTheLastGoodCheckpointForADamagedNewerOne() throws IOException {
    FileStableStorage s = open(NO_LAZY);
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    s.stage(0, TestItems.checkpoint(0, 2, 0, 64));
    s.stage(0, TestItems.log(0, LogItem.Kind.R6, 3, 0));
    s.stage(0, TestItems.checkpoint(0, 4, 0, 64));
    s.flush();
    flipLastByte(fileOf(0, 3)); // ckpt 4 is durable, then rots

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
  void reclaimDeletesNothingWhenNoCheckpointReadsBackGood() throws IOException {
    FileStableStorage s = open(NO_LAZY);
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    s.stage(0, TestItems.log(0, LogItem.Kind.R6, 1, 0));
    s.stage(0, TestItems.checkpoint(0, 2, 0, 64));
    s.flush();
    flipLastByte(fileOf(0, 2));
    flipLastByte(s.vmDir(0).resolve("ckpt_0_0_boot.item"));

    s.reclaim(0, 2);
    assertThat(s.itemNames(0)).hasSize(3);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("nothing reclaimed"));
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
  void namesAreValidatedBeforeTheyBecomePaths() throws IOException {
    FileStableStorage s = open(NO_LAZY);
    s.preload(TestItems.checkpoint(1, 0, 0, 64));
    for (String crafted : List.of("../vm-1/ckpt_0_0_boot.item", "..", "ckpt_0_0_boot.item/..",
        "/etc/passwd", "ckpt_0_0_boot.item\0", "ckpt_-1_0_h0r1t1.item/../../x")) {
      assertThatThrownBy(() -> s.read(0, crafted)).as(crafted)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(ItemName.parse("ckpt_2_0_h1r2t3.item")).isNotNull();
    assertThat(ItemName.parse("ckpt_2_0_h1r2t3.item.tmp")).isNull();
    assertThat(ItemName.parse("ckpt_99999999999_0_boot.item")).isNull();

    // foreign files in a VM's directory are reported, a link is not followed
    Path vm0 = s.vmDir(0);
    Files.createDirectories(vm0);
    Files.writeString(vm0.resolve("notes.txt"), "hello");
    Files.createSymbolicLink(vm0.resolve("ckpt_0_0_boot.item"),
        s.vmDir(1).resolve("ckpt_0_0_boot.item"));
    assertThat(s.durableItems(0)).isEmpty();
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("notes.txt"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("vm-0/ckpt_0_0_boot.item"));
  }

  @Test
  void aRestartedWriterNeverReusesANameAndSweepsItsTornTempFiles() throws IOException {
    FileStableStorage first = open(NO_LAZY);
    first.stage(0, TestItems.log(0, LogItem.Kind.R8, 1, 0));
    first.stage(0, TestItems.log(0, LogItem.Kind.R8, 2, 0));
    first.close();
    Files.createDirectories(first.vmDir(0)); // log records alone make no VM directory
    Path torn = first.vmDir(0).resolve(".ckpt_3_0_h0r1t3.item.tmp");
    Files.write(torn, new byte[] {1, 2, 3}); // the first run died mid-write

    FileStableStorage second = open(NO_LAZY);
    assertThat(second.durableItems(0)).hasSize(2);
    second.stage(0, TestItems.log(0, LogItem.Kind.R8, 3, 0)); // ticket 1 again, run 2
    second.flush();

    assertThat(second.itemNames(0)).containsExactly("r8_1_0_h0r1t1.item", "r8_2_0_h0r1t2.item",
        "r8_3_0_h0r2t1.item");
    assertThat(torn).doesNotExist();
    assertThat(problems).isEmpty();
  }

  // ---- helpers ----------------------------------------------------------------------------

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

  private Path fileOf(long host, long ticket) {
    String suffix = "_h" + host + "r";
    String end = "t" + ticket + ".item";
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(p -> {
        String n = p.getFileName().toString();
        return !n.startsWith(".") && n.contains(suffix) && n.endsWith(end)
            && n.substring(n.indexOf(suffix) + suffix.length()).matches("[0-9]+" + end.replace(
                ".", "\\."));
      }).findFirst().orElseThrow(() -> new AssertionError("no file for " + host + "/" + ticket));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void flipLastByte(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(f.length() - 1);
      int b = f.read();
      f.seek(f.length() - 1);
      f.write(b ^ 1);
    }
  }
}
