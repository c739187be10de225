package org.vmqsc.cli.chaos;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.vmqsc.runtime.storage.FileObjectStore;
import org.vmqsc.runtime.storage.ItemName;
import org.vmqsc.runtime.storage.LogRecords;
import org.vmqsc.runtime.storage.ObjectStore;

/**
 * Bit rot put into stable storage by hand, through the same {@link ObjectStore} the cluster's
 * processes use, so it lands where they will read it: a file of the storage directory, or an
 * object in the bucket (read with a GET and written back whole with a PUT under the same key,
 * as S3 has no partial write). The stored item's own CRC32C is what must catch it (D15).
 */
final class Damage {
  /** Items larger than this are not read into memory to be damaged (checkpoints are smaller). */
  static final long MAX_BYTES = 64L << 20;
  static final int FLIPPED = 8;

  private Damage() {}

  /**
   * Flips {@link #FLIPPED} bytes in the middle of VM {@code vm}'s newest item (in staging order,
   * {@link ItemName#STAGING_ORDER}); says which, and where, or why nothing was damaged.
   */
  static String flipNewest(ObjectStore store, int vm) throws IOException {
    String dir = "vm-" + vm;
    ItemName newest = store.list(dir).stream().map(ItemName::parse).filter(Objects::nonNull)
        .max(ItemName.STAGING_ORDER).orElse(null);
    if (newest == null) {
      return "vm " + vm + " has no item to corrupt";
    }
    String name = ObjectStore.join(dir, newest.fileName());
    byte[] bytes;
    try {
      bytes = read(store, name);
    } catch (NoSuchFileException e) {
      return "vm " + vm + "'s " + newest.fileName() + " was reclaimed before it could be "
          + "corrupted";
    }
    if (bytes == null) {
      return "vm " + vm + "'s " + newest.fileName() + " is too large to corrupt here";
    }
    byte[] damaged = flipMiddle(bytes);
    // Retention may have deleted it since the read: do not bring it back from the dead.
    if (store.size(name) != bytes.length) {
      return "vm " + vm + "'s " + newest.fileName() + " was reclaimed before it could be "
          + "corrupted";
    }
    store.putAll(List.of(new ObjectStore.Put(name, "." + newest.fileName() + ".tmp",
        ObjectStore.bytes(damaged))));
    return "flipped " + FLIPPED + " bytes of vm " + vm + "'s " + newest.fileName() + " ("
        + store.where(name) + ")";
  }

  /**
   * Flips {@link #FLIPPED} bytes in the middle of VM {@code vm}'s newest log record (in staging
   * order) inside its host's log segment: a directory's segment is rewritten whole with the
   * flip, as a segment object of a bucket is (GET, flip, PUT back under the same key). Says
   * which record, where, or why nothing was damaged. The record's CRC32C must catch it; which VM
   * and interval it was is then known only if its header and body still agree (D15 for logs).
   */
  static String flipNewestLog(ObjectStore store, int vm) throws IOException {
    List<LogRecords.Located> records = LogRecords.of(store, vm);
    if (records.isEmpty()) {
      return "vm " + vm + " has no log record to corrupt";
    }
    LogRecords.Located r = records.get(records.size() - 1);
    String what = "vm " + vm + "'s log record " + r.name().fileName();
    byte[] bytes;
    try {
      bytes = read(store, r.objectName());
    } catch (NoSuchFileException e) {
      return what + " was swept before it could be corrupted";
    }
    if (bytes == null) {
      return what + " is in a segment too large to corrupt here";
    }
    long size = bytes.length;
    byte[] damaged = Arrays.copyOf(bytes, bytes.length);
    int at = (int) Math.max(r.offset(), r.bodyMiddle() - FLIPPED / 2);
    for (int i = at; i < Math.min(r.offset() + r.length(), at + FLIPPED); i++) {
      damaged[i] ^= (byte) 0xFF;
    }
    if (store instanceof FileObjectStore) {
      // In place: the host's writer may still append to this very file through its handle.
      try (RandomAccessFile f = new RandomAccessFile(store.where(r.objectName()), "rw")) {
        f.seek(at);
        f.write(damaged, at, (int) Math.min(FLIPPED, r.offset() + r.length() - at));
      }
    } else {
      if (store.size(r.objectName()) != size) {
        return what + "'s segment changed before it could be corrupted";
      }
      String file = r.objectName().substring(r.objectName().lastIndexOf('/') + 1);
      store.putAll(List.of(new ObjectStore.Put(r.objectName(), "." + file + ".tmp",
          ObjectStore.bytes(damaged))));
    }
    return "flipped " + FLIPPED + " bytes at offset " + at + " of " + what + " ("
        + store.where(r.objectName()) + ")";
  }

  /** A copy of {@code bytes} with {@link #FLIPPED} bytes in the middle inverted. */
  static byte[] flipMiddle(byte[] bytes) {
    byte[] out = Arrays.copyOf(bytes, bytes.length);
    int at = Math.max(0, out.length / 2 - FLIPPED / 2);
    for (int i = at; i < Math.min(out.length, at + FLIPPED); i++) {
      out[i] ^= (byte) 0xFF;
    }
    return out;
  }

  /** The whole object, or null when it is larger than {@link #MAX_BYTES}. */
  private static byte[] read(ObjectStore store, String name) throws IOException {
    try (ObjectStore.Blob b = store.open(name)) {
      if (b.size() > MAX_BYTES) {
        return null;
      }
      ByteBuffer buf = ByteBuffer.allocate((int) b.size());
      while (buf.hasRemaining() && b.channel().read(buf) >= 0) {
        // until full or the end
      }
      if (buf.hasRemaining()) {
        throw new IOException(store.where(name) + ": read " + buf.position() + " of "
            + b.size() + " bytes");
      }
      return buf.array();
    }
  }
}
