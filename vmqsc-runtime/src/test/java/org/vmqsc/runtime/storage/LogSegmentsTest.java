package org.vmqsc.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.LogItem;

/**
 * Stories of log records in per-host segments: many records, one sync; a crash tears the tail and
 * the next run cuts it; a damaged record in the middle costs only itself; a segment goes when
 * every record in it is dead, and not before.
 */
class LogSegmentsTest {
  private static final long NO_LAZY = 0;

  @TempDir Path dir;
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<FileStableStorage> opened = new ArrayList<>();
  private final AtomicInteger syncs = new AtomicInteger();

  @AfterEach
  void closeAll() {
    opened.forEach(FileStableStorage::halt);
  }

  /** Storage over a directory whose appendable files count their syncs. */
  private FileStableStorage open() {
    FileObjectStore files = new FileObjectStore(dir);
    ObjectStore counting = new ForwardingStore(files) {
      @Override
      public Appendable createAppendable(String name) throws IOException {
        Appendable a = files.createAppendable(name);
        return new Appendable() {
          @Override
          public long size() {
            return a.size();
          }

          @Override
          public void append(List<java.nio.ByteBuffer> parts) throws IOException {
            a.append(parts);
          }

          @Override
          public void sync() throws IOException {
            syncs.incrementAndGet();
            a.sync();
          }

          @Override
          public void close() throws IOException {
            a.close();
          }
        };
      }
    };
    FileStableStorage s = new FileStableStorage(
        FileStorageConfig.builder(dir).lazyDelayMillis(NO_LAZY).build(), counting, (h, t) -> { },
        problems::add);
    opened.add(s);
    return s;
  }

  @Test
  void aBurstOfRecordsIsMadeDurableByFarFewerSyncsThanRecords() {
    FileStableStorage s = open();
    for (int i = 0; i < 2000; i++) {
      s.stage(0, TestItems.log(i % 4, LogItem.Kind.R8, i, 0));
    }
    s.flush();

    assertThat(syncs.get()).as("syncs for 2000 records").isBetween(1, 200);
    FileStableStorage restarted = open();
    for (int vm = 0; vm < 4; vm++) {
      List<StableItem> back = restarted.durableItems(vm);
      assertThat(back).hasSize(500);
      for (int k = 0; k < 500; k++) { // staging order, content intact
        assertThat(ItemCodec.sameContent(back.get(k),
            TestItems.log(vm, LogItem.Kind.R8, 4 * k + vm, 0))).isTrue();
      }
    }
    assertThat(segments()).isNotEmpty();
    assertThat(Files.exists(dir.resolve("vm-0"))).as("no file per record").isFalse();
    assertThat(problems).isEmpty();
  }

  @Test
  void aTornTailIsSkippedByReadersAndCutWhenTheHostsNextRunStarts() throws IOException {
    FileStableStorage first = open();
    for (int i = 0; i < 5; i++) {
      first.stage(0, TestItems.log(0, LogItem.Kind.R8, i, 0));
    }
    first.flush();
    first.halt();
    Path seg = segments().get(0);
    long good = Files.size(seg);
    byte[] half = Torn.firstHalfOfARecord(TestItems.log(0, LogItem.Kind.R8, 9, 0));
    Files.write(seg, half, java.nio.file.StandardOpenOption.APPEND); // the crash, mid-append

    FileStableStorage reader = open(); // no writer of host 0 yet
    assertThat(reader.durableItems(0)).extracting(StableItem::interval)
        .containsExactly(0, 1, 2, 3, 4);
    assertThat(Files.size(seg)).isEqualTo(good + half.length);

    reader.stage(0, TestItems.log(0, LogItem.Kind.R8, 5, 0)); // host 0's next run starts
    reader.flush();
    assertThat(Files.size(seg)).as("torn tail cut").isEqualTo(good);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("torn tail"));
    assertThat(open().durableItems(0)).extracting(StableItem::interval)
        .containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void aDamagedRecordInASealedSegmentIsReportedAndOnlyItIsLost() throws IOException {
    FileStableStorage first = open();
    for (int i = 0; i < 3; i++) {
      first.stage(0, TestItems.log(0, LogItem.Kind.R8, i, 0));
      first.flush(); // three commits in one segment
    }
    first.halt();
    open().stage(0, TestItems.log(1, LogItem.Kind.R8, 0, 0)); // a newer run seals the segment
    Path seg = segments().get(0);
    long recordLength = Files.size(seg) / 3;
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      long at = recordLength + SegmentRecord.HEADER_BYTES + 3; // inside the second record's body
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x10);
    }

    List<StableItem> back = open().durableItems(0);
    assertThat(back).extracting(StableItem::interval).containsExactly(0, 2);
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("damaged bytes"));
  }

  @Test
  void aSegmentGoesOnlyWhenEveryRecordInItIsBelowItsVmsOldestCheckpoint() throws IOException {
    FileStableStorage s = open();
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    s.preload(TestItems.checkpoint(1, 0, 0, 64));
    s.stage(0, TestItems.log(0, LogItem.Kind.R6, 0, 0));
    s.stage(0, TestItems.log(1, LogItem.Kind.R8, 1, 0));
    s.flush();
    s.halt();
    FileStableStorage next = open(); // host 0's next run: the first segment is sealed
    next.stage(0, TestItems.checkpoint(0, 2, 0, 64));
    next.stage(0, TestItems.checkpoint(1, 2, 0, 64));
    next.flush();
    Path old = segments().get(0);

    next.reclaim(0, 2); // vm 0 stands on interval 2: its record of interval 0 is dead
    assertThat(next.sweepSegments()).as("vm 1's record of interval 1 still counts").isZero();
    assertThat(old).exists();

    next.reclaim(1, 2);
    assertThat(next.sweepSegments()).isEqualTo(1);
    assertThat(old).doesNotExist();
    assertThat(next.durableItems(0)).extracting(StableItem::interval).containsExactly(2);
    assertThat(problems).isEmpty();
  }

  @Test
  void theSegmentAWriterAppendsToIsNeverSwept() {
    FileStableStorage s = open();
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    s.stage(0, TestItems.log(0, LogItem.Kind.R6, 0, 0));
    s.stage(0, TestItems.checkpoint(0, 2, 0, 64));
    s.flush();
    s.reclaim(0, 2);

    assertThat(s.sweepSegments()).as("host 0's only segment is still open").isZero();
    s.stage(0, TestItems.log(0, LogItem.Kind.R8, 2, 0));
    s.flush();
    assertThat(open().durableItems(0)).as("the dead R6 record is not read back")
        .extracting(StableItem::interval).containsExactly(2, 2);
  }

  @Test
  void aRolledBackR6RecordIsNeverReadAgain() {
    FileStableStorage s = open();
    s.preload(TestItems.checkpoint(0, 0, 0, 64));
    s.stage(0, TestItems.log(0, LogItem.Kind.R6, 1, 0));
    s.stage(0, TestItems.log(0, LogItem.Kind.R8, 1, 0));
    s.flush();
    s.discardFuture(0, 1, 1); // rolled back to line 1 as incarnation 1: interval 1 undone

    assertThat(open().durableItems(0)).extracting(it -> it instanceof LogItem l ? l.kind() : null)
        .containsExactly(null, LogItem.Kind.R8);
  }

  private List<Path> segments() {
    Path logs = dir.resolve(SegmentName.DIR);
    if (!Files.isDirectory(logs)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(logs)) {
      return all.filter(p -> SegmentName.parse(p.getFileName().toString()) != null)
          .sorted((a, b) -> SegmentName.ORDER.compare(
              SegmentName.parse(a.getFileName().toString()),
              SegmentName.parse(b.getFileName().toString())))
          .toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Records cut short, as a crash mid-append leaves them. */
  private static final class Torn {
    static byte[] firstHalfOfARecord(LogItem item) {
      ItemName n = new ItemName("r8", item.interval(), item.incarnation(), 0, 1, 99);
      byte[] r = SegmentRecord.encode(item.vm(), n, ItemCodec.encode(item), 0, 1);
      return java.util.Arrays.copyOf(r, r.length / 2);
    }
  }
}
