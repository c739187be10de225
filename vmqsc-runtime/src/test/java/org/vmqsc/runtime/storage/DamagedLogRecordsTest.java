package org.vmqsc.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.spi.StableItem.LogItem;

/**
 * D15 for log records on real segments: the storage tells recovery which records do not read
 * back good (kind, interval, incarnation, from a header its body confirms), and which lines need
 * them is core Retention's answer. A damaged stretch nobody can tell apart counts for every VM.
 */
class DamagedLogRecordsTest {
  @TempDir Path dir;
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<FileStableStorage> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(FileStableStorage::halt);
  }

  private FileStableStorage open() {
    FileStableStorage s = new FileStableStorage(
        FileStorageConfig.builder(dir).lazyDelayMillis(0).build(), (h, t) -> { }, problems::add);
    opened.add(s);
    return s;
  }

  /** vm 0 stands on a checkpoint of interval 0 and logged R6 records of intervals 1, 2, 3. */
  private List<LogRecords.Located> threeR6Records() {
    FileStableStorage s = open();
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    for (int i = 1; i <= 3; i++) {
      s.stage(0, TestItems.log(0, LogItem.Kind.R6, i, 0));
      s.flush();
    }
    s.halt();
    try (FileObjectStore store = new FileObjectStore(dir)) {
      return LogRecords.of(store, 0);
    }
  }

  private void flip(LogRecords.Located r, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve(r.objectName()).toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x40);
    }
  }

  @Test
  void aRecordWhoseChecksumFailsIsNamedAndNeededOnlyWhereTheRebuildUsesIt() throws IOException {
    List<LogRecords.Located> records = threeR6Records();
    flip(records.get(1), records.get(1).trailerOffset()); // R6 of interval 2
    FileStableStorage s = open();
    ItemKey r6of2 = new ItemKey(ItemKey.Kind.R6, 2, 0);

    assertThat(s.damagedLogs(0, 4, false)).as("replayed on the way to line 4")
        .containsExactly(r6of2);
    assertThat(s.damagedLogs(0, 2, false)).as("a kept sender's receipts at line 2")
        .containsExactly(r6of2);
    assertThat(s.damagedLogs(0, 2, true)).as("every sender rolls back to 2: orphans").isEmpty();
    assertThat(s.damagedLogs(0, 1, true)).isEmpty();
    assertThat(s.durableItems(0)).extracting(it -> it.interval()).containsExactly(0, 1, 3);
  }

  @Test
  void aRecordWhoseBodyNoLongerDecodesIsStillNamedByItsHeadersOwnChecksum() throws IOException {
    List<LogRecords.Located> records = threeR6Records();
    LogRecords.Located r = records.get(1); // R6 of interval 2
    for (int i = 0; i < 4; i++) { // the encoded item's first bytes: it no longer decodes as vm 0's
      flip(r, r.offset() + SegmentRecord.HEADER_BYTES + i);
    }
    FileStableStorage s = open();

    assertThat(s.damagedLogs(0, 4, false)).as("named, so the line's fall-back can avoid it")
        .containsExactly(new ItemKey(ItemKey.Kind.R6, 2, 0));
    assertThat(s.damagedLogs(1, 0, true)).as("not counted against another VM").isEmpty();
  }

  @Test
  void aDamagedLastRecordIsNotCutAsATornTail() throws IOException {
    List<LogRecords.Located> records = threeR6Records();
    LogRecords.Located last = records.get(2);
    assertThat(last.tail()).isTrue();
    flip(last, last.trailerOffset());
    long size = Files.size(dir.resolve(last.objectName()));

    FileStableStorage next = open();
    next.stage(0, TestItems.log(0, LogItem.Kind.R8, 4, 0)); // host 0's next run starts
    next.flush();
    assertThat(Files.size(dir.resolve(last.objectName()))).as("not cut").isEqualTo(size);
    assertThat(next.damagedLogs(0, 4, true)).containsExactly(new ItemKey(ItemKey.Kind.R6, 3, 0));
  }

  @Test
  void aDamagedLastRecordOfACrashedHostsOpenSegmentIsReportedBeforeTheHostWritesAgain()
      throws IOException {
    List<LogRecords.Located> records = threeR6Records(); // no later run: the segment is open
    LogRecords.Located last = records.get(2);
    flip(last, last.trailerOffset());

    assertThat(open().damagedLogs(0, 4, true)).as("what a recovery planned now must see")
        .containsExactly(new ItemKey(ItemKey.Kind.R6, 3, 0));
  }

  @Test
  void aStretchWhoseHeaderIsDamagedCountsForEveryVmAndItsSegmentStays() throws IOException {
    List<LogRecords.Located> records = threeR6Records();
    flip(records.get(1), records.get(1).offset() + 8); // the VM field of its header
    FileStableStorage s = open();

    assertThat(s.damagedLogs(0, 4, true)).containsExactly(ItemKey.unknownLog());
    assertThat(s.damagedLogs(1, 0, true)).as("it may have been vm 1's")
        .containsExactly(ItemKey.unknownLog());
    s.preload(TestItems.checkpoint(0, 9, 0, 64));
    s.reclaim(0, 9); // every record it can read is dead now
    assertThat(s.sweepSegments()).as("the unknown stretch may have been live").isZero();
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("unknown"));
  }
}
