package org.vmqsc.runtime.storage;

import java.util.List;

/**
 * Where a VM's log records lie in the segments of a store, as their headers say: for tools that
 * damage one on purpose (chaos {@code corrupt-log}) and for tests. Reads the segments once.
 */
public final class LogRecords {
  private LogRecords() {}

  /**
   * One record: the segment object it is in, its offset and length there, and its name (kind,
   * interval, incarnation, writer). {@link #trailerOffset} is where its CRC32C lies: a flip there
   * damages the record and leaves its header and body whole. {@code tail}: no intact record
   * follows it in its segment, so damage to it cannot be told from a torn tail (a record whose
   * sync never returned), which readers skip and the host's next run cuts off.
   */
  public record Located(String objectName, long offset, int length, ItemName name,
      boolean tail) {
    public long trailerOffset() {
      return offset + length - SegmentRecord.TRAILER_BYTES;
    }

    /** The middle of its encoded item and filler. */
    public long bodyMiddle() {
      return offset + SegmentRecord.HEADER_BYTES
          + (length - SegmentRecord.HEADER_BYTES - SegmentRecord.TRAILER_BYTES) / 2;
    }
  }

  /** The intact records of {@code vm} in {@code store}'s segments, in staging order. */
  public static List<Located> of(ObjectStore store, int vm) {
    SegmentIndex index = new SegmentIndex(store, problem -> {});
    java.util.Map<SegmentName, Long> last = index.lastRecordOffsets();
    return index.entriesOf(vm).stream()
        .sorted((a, b) -> ItemName.STAGING_ORDER.compare(a.name(), b.name()))
        .map(e -> new Located(e.segment().objectName(), e.offset(), e.length(), e.name(),
            last.getOrDefault(e.segment(), -1L) <= e.offset()))
        .toList();
  }
}
