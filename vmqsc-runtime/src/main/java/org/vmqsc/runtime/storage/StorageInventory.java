package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Every checkpoint and log object a cluster's stable storage holds, for {@code vmqsc images list}
 * and {@code verify} (what {@code crit} or {@code scr_index} are to their checkpoints): its VM,
 * kind, interval, incarnation, size and whether its CRC32C holds. Read with the storage's own
 * readers ({@link ItemName}, {@link ItemFile#read}, {@link SegmentIndex}), so it judges an
 * object exactly as recovery would; it writes nothing (no torn tail is cut, nothing reclaimed).
 *
 * <p>Checkpoint objects are read whole only when verifying; log records are checked in either
 * case, since finding them in their segments means reading the segments through. An object
 * deleted while it is read (reclaim of a running cluster) is left out.
 */
public final class StorageInventory {
  /** Whether an object's checksum holds. */
  public enum Crc { OK, DAMAGED, UNCHECKED }

  /**
   * One object or record. {@code vm}, {@code interval} and {@code incarnation} are -1 where they
   * do not apply (a segment, a file that is not the storage's); {@code why} says what is wrong.
   */
  public record Entry(String object, String kind, int vm, int interval, int incarnation,
      long bytes, Crc crc, String why) {}

  private StorageInventory() {}

  /**
   * What {@code store} holds. {@code vms} bounds the VM directories looked for log records
   * (the cluster's VM count); {@code verify} reads every checkpoint object through.
   */
  public static List<Entry> scan(ObjectStore store, int vms, boolean verify) throws IOException {
    List<Entry> out = new ArrayList<>();
    for (String top : store.list("")) {
      int vm = ItemName.parseVmDir(top);
      if (vm >= 0) {
        vmDirectory(store, vm, verify, out);
      } else if (!top.equals(SegmentName.DIR) && !top.equals(WriterRuns.HOSTS_DIR)) {
        out.add(new Entry(store.where(top), "other", -1, -1, -1, Math.max(0, store.size(top)),
            Crc.UNCHECKED, ""));
      }
    }
    segments(store, vms, out);
    return out;
  }

  private static void vmDirectory(ObjectStore store, int vm, boolean verify, List<Entry> out)
      throws IOException {
    for (String f : store.list(VmDirectories.of(vm))) {
      String object = VmDirectories.objectName(vm, f);
      ItemName n = ItemName.parse(f);
      long size = store.size(object);
      if (size < 0) {
        continue; // reclaimed meanwhile
      }
      if (n == null) { // a rollback mark, a temp file of a write in progress, or foreign
        String kind = ItemName.parseMark(f) != null ? "mark"
            : f.startsWith(ItemName.TEMP_PREFIX) ? "temp" : "other";
        out.add(new Entry(store.where(object), kind, vm, -1, -1, size, Crc.UNCHECKED, ""));
        continue;
      }
      Crc crc = Crc.UNCHECKED;
      String why = "";
      if (verify) {
        try (ObjectStore.Blob b = store.open(object)) {
          ItemFile.read(b.channel(), b.size());
          crc = Crc.OK;
        } catch (NoSuchFileException gone) {
          continue;
        } catch (CorruptItemException e) {
          crc = Crc.DAMAGED;
          why = e.getMessage();
        }
      }
      out.add(new Entry(store.where(object), n.kind(), vm, n.interval(), n.incarnation(), size,
          crc, why));
    }
  }

  /**
   * The log segments: each segment, then each record found intact in it (every VM's), then
   * every damaged stretch the index reported. A segment a writer still appends to may end in a
   * record half written; that is not damage (the index waits for it).
   */
  private static void segments(ObjectStore store, int vms, List<Entry> out) throws IOException {
    List<String> problems = new ArrayList<>();
    SegmentIndex index = new SegmentIndex(store, problems::add);
    List<Entry> records = new ArrayList<>();
    for (int vm = 0; vm < vms; vm++) {
      for (SegmentIndex.Entry e : index.entriesOf(vm)) {
        records.add(new Entry(index.where(e), e.name().kind(), vm, e.name().interval(),
            e.name().incarnation(), e.length(), Crc.OK, ""));
      }
    }
    Set<String> told = new LinkedHashSet<>();
    for (String f : store.list(SegmentName.DIR)) {
      SegmentName s = SegmentName.parse(f);
      long size = store.size(SegmentName.DIR + "/" + f);
      if (s == null || size < 0) {
        continue;
      }
      String where = store.where(s.objectName());
      List<String> mine = problems.stream().filter(p -> p.contains(where + ":")).toList();
      told.addAll(mine);
      out.add(new Entry(where, "segment", -1, -1, -1, size, mine.isEmpty() ? Crc.OK
          : Crc.DAMAGED, String.join("; ", mine)));
    }
    out.addAll(records);
    for (String p : problems) { // what names no segment present: a read that failed
      if (!told.contains(p)) {
        out.add(new Entry(store.where(SegmentName.DIR), "segment", -1, -1, -1, 0, Crc.DAMAGED,
            p));
      }
    }
  }
}
