package org.vmqsc.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.runtime.storage.StorageInventory.Crc;
import org.vmqsc.runtime.storage.StorageInventory.Entry;

/**
 * What {@code vmqsc images} reads: every checkpoint object and log record with its VM, kind,
 * interval and CRC state, judged by the storage's own readers; one flipped byte is found.
 */
class StorageInventoryTest {
  @TempDir Path dir;
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

  /** vm 0: a checkpoint of interval 0, then R6 records of intervals 1..3; vm 1: a checkpoint. */
  private void write() {
    FileStableStorage s = new FileStableStorage(
        FileStorageConfig.builder(dir).lazyDelayMillis(0).build(), (h, t) -> { }, problems::add);
    s.stage(0, TestItems.checkpoint(0, 0, 0, 64));
    s.stage(0, TestItems.checkpoint(1, 2, 0, 64));
    for (int i = 1; i <= 3; i++) {
      s.stage(0, TestItems.log(0, LogItem.Kind.R6, i, 0));
      s.flush();
    }
    s.halt();
  }

  private List<Entry> scan(boolean verify) throws IOException {
    try (FileObjectStore store = new FileObjectStore(dir)) {
      return StorageInventory.scan(store, 2, verify);
    }
  }

  @Test
  void listsEveryCheckpointAndRecordAndVerifiesTheirChecksums() throws IOException {
    write();
    List<Entry> all = scan(true);
    assertThat(all).filteredOn(e -> e.kind().equals("ckpt"))
        .extracting(Entry::vm, Entry::interval, Entry::crc)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(0, 0, Crc.OK),
            org.assertj.core.groups.Tuple.tuple(1, 2, Crc.OK));
    assertThat(all).filteredOn(e -> e.kind().equals("r6")).extracting(Entry::interval)
        .containsExactly(1, 2, 3);
    assertThat(all).noneMatch(e -> e.crc() == Crc.DAMAGED);
    assertThat(scan(false)).filteredOn(e -> e.kind().equals("ckpt"))
        .allMatch(e -> e.crc() == Crc.UNCHECKED);
  }

  @Test
  void aFlippedByteInACheckpointIsDamagedUnderVerify() throws IOException {
    write();
    Path ckpt;
    try (Stream<Path> f = Files.list(dir.resolve("vm-1"))) {
      ckpt = f.filter(p -> p.getFileName().toString().startsWith("ckpt_")).findFirst()
          .orElseThrow();
    }
    flip(ckpt, Files.size(ckpt) / 2);
    assertThat(scan(true)).filteredOn(e -> e.crc() == Crc.DAMAGED)
        .extracting(Entry::vm, Entry::kind).containsExactly(org.assertj.core.groups.Tuple.tuple(
            1, "ckpt"));
  }

  @Test
  void aFlippedByteInALogRecordMarksItsSegmentDamaged() throws IOException {
    write();
    List<LogRecords.Located> records;
    try (FileObjectStore store = new FileObjectStore(dir)) {
      records = LogRecords.of(store, 0);
    }
    flip(dir.resolve(records.get(0).objectName()), records.get(0).trailerOffset());
    List<Entry> all = scan(true);
    assertThat(all).filteredOn(e -> e.crc() == Crc.DAMAGED).extracting(Entry::kind)
        .containsExactly("segment");
    assertThat(all).filteredOn(e -> e.kind().equals("r6")).extracting(Entry::interval)
        .containsExactly(2, 3);
  }

  private static void flip(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x40);
    }
  }
}
