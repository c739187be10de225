package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.storage.Retention;
import org.vmqsc.core.storage.RollbackMark;

/**
 * What the log segments in a store hold ({@link SegmentLog} writes them): each segment's records
 * by VM, read from their headers and checked by their CRC, so that a VM's logs are found without
 * decoding anyone else's. A segment no writer appends to any more (sealed: a newer segment of its
 * host exists, or the store writes every segment whole) is read once; the newest segment of each
 * host is read on from where the last look stopped.
 *
 * <p>Where a record does not check and an intact one follows, it is damage (reported; the
 * records in between are lost to recovery). Where none follows, in the newest segment of a host
 * the writer may be in the middle of it, so the look stops there; in a sealed segment it is a
 * torn tail, records whose sync never returned and which nobody was told are durable, unless
 * the last record there is whole ({@link SegmentRecord#identify}: header and body agree) and
 * only its checksum fails: that is damage to a record that may have been durable, reported to
 * recovery (D15 for log records) and not cut; an intact retry of it in a later segment (a
 * failed commit's) makes it harmless. {@link
 * #cutTornTails} cuts those off when the host's next run starts.
 *
 * <p>Thread-safe (one lock; its I/O is reads of what changed since the last look).
 */
final class SegmentIndex {
  /** One record of a VM: the name its file would have had, and where it is. */
  record Entry(ItemName name, SegmentName segment, long offset, int length) {}

  /** A VM's retention state for {@link #sweep}: records below {@code floor}, or undone, are dead. */
  record Floor(int floor, List<RollbackMark> marks) {}

  private static final class Indexed {
    long indexedBytes;
    boolean complete;
    /**
     * Damaged records found when indexing (D15 for log records): each one's header, when its
     * header and body agree on what it was ({@link SegmentRecord#identify}), else null: a stretch
     * whose records may have been any VM's, of any interval.
     */
    final List<SegmentRecord.Header> damaged = new ArrayList<>();
    /**
     * The last record of a segment a writer may still append to, when it is whole but fails its
     * checksum: rot, or (rarely) a write a reader caught half done. Reported as damaged until a
     * later look finds it intact (the safe side), and looked at again on every look.
     */
    SegmentRecord.Header openTail;
    /** The same when the last record is whole but cannot be told apart. */
    boolean openTailUnknown;
    /** Where a sealed segment's torn tail starts, or -1. */
    long tornAt = -1;
    final Map<Integer, List<SegmentRecord.Header>> byVm = new HashMap<>();
  }

  private final ObjectStore store;
  private final Consumer<String> problems;
  private final Map<SegmentName, Indexed> segments = new TreeMap<>(SegmentName.ORDER);
  private final Set<String> reported = new HashSet<>();

  SegmentIndex(ObjectStore store, Consumer<String> problems) {
    this.store = store;
    this.problems = problems;
  }

  /** The VM's records in every segment, in staging order, each once. */
  synchronized List<Entry> entriesOf(int vm) {
    refresh();
    List<Entry> out = new ArrayList<>();
    Set<ItemName> seen = new HashSet<>();
    for (Map.Entry<SegmentName, Indexed> e : segments.entrySet()) {
      SegmentName s = e.getKey();
      for (SegmentRecord.Header h : e.getValue().byVm.getOrDefault(vm, List.of())) {
        ItemName n = new ItemName(h.kind(), h.interval(), h.incarnation(), s.host(), s.run(),
            h.ticket());
        if (seen.add(n)) { // a retried commit may have written it twice
          out.add(new Entry(n, s, h.offset(), h.length()));
        }
      }
    }
    return out;
  }

  /**
   * The damaged records of {@code vm} found in the segments present, by what their headers say,
   * and {@link ItemKey#unknownLog} once for each damaged stretch of any segment that cannot be
   * told apart (it may have held this VM's records).
   */
  synchronized List<ItemKey> damagedOf(int vm) {
    Set<ItemName> intact = new HashSet<>();
    entriesOf(vm).forEach(e -> intact.add(e.name())); // a failed commit's retry, for one
    List<ItemKey> out = new ArrayList<>();
    for (Map.Entry<SegmentName, Indexed> e : segments.entrySet()) {
      List<SegmentRecord.Header> damaged = new ArrayList<>(e.getValue().damaged);
      if (e.getValue().openTail != null || e.getValue().openTailUnknown) {
        damaged.add(e.getValue().openTail);
      }
      for (SegmentRecord.Header h : damaged) {
        if (h == null) {
          out.add(ItemKey.unknownLog());
        } else if (h.vm() == vm) {
          SegmentName s = e.getKey();
          ItemName n = new ItemName(h.kind(), h.interval(), h.incarnation(), s.host(), s.run(),
              h.ticket());
          if (!intact.contains(n)) {
            out.add(n.key());
          }
        }
      }
    }
    return out;
  }

  /** Where the last intact record of each segment present starts. */
  synchronized Map<SegmentName, Long> lastRecordOffsets() {
    refresh();
    Map<SegmentName, Long> out = new HashMap<>();
    segments.forEach((s, ix) -> ix.byVm.values().forEach(hs -> hs.forEach(
        h -> out.merge(s, h.offset(), Math::max))));
    return out;
  }

  /** The item of one record, read and checked again (it may have rotted since it was indexed). */
  StableItem read(Entry e) throws IOException {
    byte[] bytes = store.read(e.segment().objectName(), e.offset(), e.length());
    if (bytes.length != e.length()) {
      throw new CorruptItemException("segment ends inside the record");
    }
    return SegmentRecord.item(bytes);
  }

  /** Where a record lies, for messages. */
  String where(Entry e) {
    return store.where(e.segment().objectName()) + "@" + e.offset();
  }

  /**
   * Deletes every sealed segment all of whose records are dead: below their VM's floor (the
   * oldest checkpoint it still has, {@link Retention#reclaim} having passed the line) or undone
   * by a rollback ({@link Retention#discarded}). Returns how many went.
   */
  synchronized int sweep(IntFunction<Floor> floorOf) {
    refresh();
    Map<Integer, Floor> floors = new HashMap<>();
    List<SegmentName> dead = new ArrayList<>();
    for (Map.Entry<SegmentName, Indexed> e : segments.entrySet()) {
      // A stretch nobody can tell apart may have held a live record: it stays (D15 for logs).
      if (e.getValue().complete && !e.getValue().damaged.contains(null)
          && allDead(e.getKey(), e.getValue(), floors, floorOf)) {
        dead.add(e.getKey());
      }
    }
    int deleted = 0;
    for (SegmentName s : dead) {
      try {
        store.delete(s.objectName());
        segments.remove(s);
        deleted++;
      } catch (IOException e) {
        report("cannot delete log segment " + store.where(s.objectName()) + ": " + e);
      }
    }
    return deleted;
  }

  private static boolean allDead(SegmentName s, Indexed ix, Map<Integer, Floor> floors,
      IntFunction<Floor> floorOf) {
    for (Map.Entry<Integer, List<SegmentRecord.Header>> e : ix.byVm.entrySet()) {
      Floor f = floors.computeIfAbsent(e.getKey(), floorOf::apply);
      for (SegmentRecord.Header h : e.getValue()) {
        ItemName n = new ItemName(h.kind(), h.interval(), h.incarnation(), s.host(), s.run(),
            h.ticket());
        if (h.interval() >= f.floor() && !Retention.discarded(n.key(), f.marks())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Cuts the torn tails off the segments of {@code host}'s runs before {@code run} (which is
   * starting: no earlier run appends any more). Records in a torn tail never completed their
   * sync, so no ticket of theirs was reported durable.
   */
  synchronized void cutTornTails(int host, long run) {
    for (String f : list()) {
      SegmentName s = SegmentName.parse(f);
      if (s == null || s.host() != host || s.run() >= run) {
        continue;
      }
      Indexed ix = segments.computeIfAbsent(s, k -> new Indexed());
      if (!ix.complete) {
        index(s, ix, true);
      }
      long tail = ix.tornAt;
      if (tail >= 0 && store.canAppend()) {
        try {
          long size = store.size(s.objectName());
          store.truncate(s.objectName(), tail);
          ix.tornAt = -1;
          ix.indexedBytes = tail;
          report("cut a torn tail of " + (size - tail) + " bytes off log segment "
              + store.where(s.objectName()) + " (records whose sync never returned)");
        } catch (IOException e) {
          report("cannot cut the torn tail of " + store.where(s.objectName()) + ": " + e);
        }
      }
    }
  }

  /** Brings the index up to what the store holds now. */
  private void refresh() {
    List<SegmentName> present = new ArrayList<>();
    for (String f : list()) {
      SegmentName s = SegmentName.parse(f);
      if (s != null) {
        present.add(s);
      }
    }
    segments.keySet().retainAll(new HashSet<>(present));
    Map<Integer, SegmentName> newest = new HashMap<>();
    for (SegmentName s : present) {
      newest.merge(s.host(), s, (a, b) -> SegmentName.ORDER.compare(a, b) >= 0 ? a : b);
    }
    for (SegmentName s : present) {
      Indexed ix = segments.computeIfAbsent(s, k -> new Indexed());
      if (!ix.complete) {
        boolean sealed = !store.canAppend() || !s.equals(newest.get(s.host()));
        index(s, ix, sealed);
      }
    }
  }

  private List<String> list() {
    try {
      return store.list(SegmentName.DIR);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + store.where(SegmentName.DIR), e);
    }
  }

  /**
   * Indexes what was added to {@code s} since the last look; a sealed segment is then complete,
   * with where its torn tail starts, if it has one.
   */
  private void index(SegmentName s, Indexed ix, boolean sealed) {
    byte[] bytes;
    try {
      long size = store.size(s.objectName());
      if (size < 0 || size <= ix.indexedBytes) {
        ix.complete = sealed && size >= 0;
        return;
      }
      bytes = store.read(s.objectName(), ix.indexedBytes,
          (int) Math.min(Integer.MAX_VALUE - 8, size - ix.indexedBytes));
    } catch (NoSuchFileException e) {
      return; // deleted meanwhile
    } catch (IOException e) {
      report("cannot read log segment " + store.where(s.objectName()) + ": " + e);
      return;
    }
    int at = 0;
    long base = ix.indexedBytes;
    ix.openTail = null;
    ix.openTailUnknown = false;
    while (at < bytes.length) {
      SegmentRecord.Header h = SegmentRecord.at(bytes, at, bytes.length);
      if (h != null) {
        ix.byVm.computeIfAbsent(h.vm(), v -> new ArrayList<>()).add(new SegmentRecord.Header(
            h.vm(), h.kind(), h.interval(), h.incarnation(), h.ticket(), base + at, h.length()));
        at += h.length();
        continue;
      }
      int next = nextIntact(bytes, at + 1);
      if (next < 0 && !sealed) {
        // the writer may be in the middle of this record: look again next time
        SegmentRecord.Header whole = SegmentRecord.identify(bytes, at, bytes.length - at);
        ix.openTail = whole == null ? null : at(whole, base + at);
        ix.openTailUnknown = whole == null
            && SegmentRecord.frames(bytes, at, bytes.length - at);
        break;
      }
      if (next < 0) {
        ix.indexedBytes = base + bytes.length;
        ix.complete = true;
        SegmentRecord.Header whole = SegmentRecord.identify(bytes, at, bytes.length - at);
        boolean framed = SegmentRecord.frames(bytes, at, bytes.length - at);
        if (!framed && store.canAppend()) {
          ix.tornAt = base + at; // cut short: a write whose sync never returned
        } else { // whole, or an object put whole: rot, unless its retry is intact later
          ix.damaged.add(whole == null ? null : at(whole, base + at));
          once("damaged " + s.fileName() + "@" + (base + at), "log segment "
              + store.where(s.objectName()) + ": its last " + (bytes.length - at)
              + " bytes fail their checksum (" + (whole == null ? "whose record is unknown, so "
              + "no host recovery builds on this store's logs while the segment is there"
              : whole.kind() + " of vm " + whole.vm() + ", interval " + whole.interval()) + ")");
        }
        return;
      }
      SegmentRecord.Header lost = SegmentRecord.identify(bytes, at, next - at);
      ix.damaged.add(lost == null ? null : at(lost, base + at));
      once("damaged " + s.fileName() + "@" + (base + at), "log segment "
          + store.where(s.objectName()) + ": " + (next - at) + " damaged bytes at offset "
          + (base + at) + " skipped; " + (lost == null ? "whose records they held is unknown, "
          + "so no host recovery builds on this store's logs while the segment is there"
          : "a " + lost.kind() + " record of vm " + lost.vm() + ", interval " + lost.interval()
          + ", lost to recovery"));
      at = next;
    }
    ix.indexedBytes = base + at;
    ix.complete = sealed;
  }

  private static SegmentRecord.Header at(SegmentRecord.Header h, long offset) {
    return new SegmentRecord.Header(h.vm(), h.kind(), h.interval(), h.incarnation(), h.ticket(),
        offset, h.length());
  }

  /** The offset of the next intact record at or after {@code from}, or -1. */
  private static int nextIntact(byte[] bytes, int from) {
    for (int i = from; i + SegmentRecord.HEADER_BYTES <= bytes.length; i++) {
      if (ByteBuffer.wrap(bytes, i, 4).getInt() == SegmentRecord.MAGIC
          && SegmentRecord.at(bytes, i, bytes.length) != null) {
        return i;
      }
    }
    return -1;
  }

  private void once(String key, String message) {
    if (reported.add(key)) {
      report(message);
    }
  }

  private void report(String message) {
    problems.accept(message);
  }
}
