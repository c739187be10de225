package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.vmqsc.core.spi.StableItem;

/**
 * One item on disk, and how it gets there atomically and durably.
 *
 * <pre>
 * header  magic:i32 "VMQC" | format:u16 | type:u8 | flags:u8 | payloadLength:i64 | encodedLength:i32
 * payload encoded item ({@link ItemCodec}, encodedLength bytes) | filler (payloadLength - encodedLength)
 * trailer CRC32C of header and payload: i32
 * </pre>
 *
 * The filler is the VM's memory image: deterministic pseudo-random bytes (not zeros, which some
 * file systems would store as holes or compress away) so that a checkpoint costs on disk what a
 * VM's checkpoint costs. It is generated and checksummed a chunk at a time, never held whole.
 *
 * <p>A write goes to a temp file in the same directory, is forced to disk, renamed atomically
 * over the final name and the directory is forced, so the name appears only with its complete
 * content, and stays after a crash. A read checks the magic, the format, that the file is exactly
 * as long as its header says (truncation), the CRC (torn writes, bit flips) and that the payload
 * decodes completely.
 */
final class ItemFile {
  static final int MAGIC = 0x564D5143;
  static final int FORMAT = 1;
  static final int HEADER_BYTES = 20;
  static final int TRAILER_BYTES = 4;
  /** Guards the decoder against a header that asks for an absurd state buffer. */
  static final int MAX_ENCODED_BYTES = 256 << 20;
  private static final int CHUNK = 1 << 20;

  private ItemFile() {}

  /** Size of the file for an item encoded in {@code encodedLength} bytes that should occupy
   * {@code targetBytes} on disk (no padding when the encoding alone is as large). */
  static long fileSize(int encodedLength, long targetBytes) {
    return Math.max(HEADER_BYTES + (long) encodedLength + TRAILER_BYTES, targetBytes);
  }

  /**
   * Writes {@code encoded}, padded to {@code targetBytes}, under {@code dir/finalName} atomically
   * and durably; returns the file's size.
   */
  static long write(Path dir, String tempName, String finalName, int type, byte[] encoded,
      long targetBytes, long fillSeed) throws IOException {
    long size = writeTemp(dir, tempName, type, encoded, targetBytes, fillSeed);
    publish(dir, tempName, finalName);
    syncDirectory(dir);
    return size;
  }

  /**
   * First step of a write: the complete file under its temp name, forced to disk. Returns its
   * size. Nothing reads temp files; {@link #publish} then gives it its name.
   */
  static long writeTemp(Path dir, String tempName, int type, byte[] encoded, long targetBytes,
      long fillSeed) throws IOException {
    return writeTemp(dir, tempName, frame(type, encoded, targetBytes, fillSeed));
  }

  /** {@link #writeTemp} of any content: complete under its temp name, forced; its size. */
  static long writeTemp(Path dir, String tempName, ObjectStore.Content content)
      throws IOException {
    Path tmp = dir.resolve(tempName);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      content.writeTo(ch);
      ch.force(true);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    return content.size();
  }

  /**
   * The framed item as an object's content: header, encoded item, filler up to {@code
   * targetBytes}, CRC32C trailer, generated a chunk at a time each time it is written (so an
   * object store's retried PUT sends the same bytes again).
   */
  static ObjectStore.Content frame(int type, byte[] encoded, long targetBytes, long fillSeed) {
    long size = fileSize(encoded.length, targetBytes);
    long payload = size - HEADER_BYTES - TRAILER_BYTES;
    return new ObjectStore.Content() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public void writeTo(WritableByteChannel ch) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES + encoded.length);
        head.putInt(MAGIC).putShort((short) FORMAT).put((byte) type).put((byte) 0)
            .putLong(payload).putInt(encoded.length).put(encoded).flip();
        crc.update(head.duplicate());
        writeFully(ch, head);
        writeFiller(ch, crc, payload - encoded.length, fillSeed);
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES).putInt((int) crc.getValue())
            .flip();
        writeFully(ch, trailer);
      }
    };
  }

  /**
   * Second step: the atomic rename. The name then exists only with its complete content; it is
   * durable once the directory is synced ({@link #syncDirectory}), which one call can do for
   * several renames.
   */
  static void publish(Path dir, String tempName, String finalName) throws IOException {
    Files.move(dir.resolve(tempName), dir.resolve(finalName), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Writes a small unframed file (a run counter, a rollback mark) the same atomic, durable way.
   */
  static void writeSmall(Path dir, String tempName, String finalName, byte[] content)
      throws IOException {
    Path tmp = dir.resolve(tempName);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      writeFully(ch, ByteBuffer.wrap(content));
      ch.force(true);
    }
    publish(dir, tempName, finalName);
    syncDirectory(dir);
  }

  /** Makes a rename or a new entry in {@code dir} durable (fsync of the directory; Linux). */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static void writeFiller(WritableByteChannel ch, CRC32C crc, long n, long seed)
      throws IOException {
    if (n <= 0) {
      return;
    }
    ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, (n + 7) & ~7L));
    long state = seed;
    while (n > 0) {
      buf.clear();
      while (buf.remaining() >= 8) {
        state += 0x9E3779B97F4A7C15L;
        buf.putLong(mix(state));
      }
      buf.flip();
      if (buf.remaining() > n) {
        buf.limit((int) n);
      }
      n -= buf.remaining();
      crc.update(buf.duplicate());
      writeFully(ch, buf);
    }
  }

  /** Puts {@code n} filler bytes of the image seeded {@code seed} into {@code b} (a log record's). */
  static void putFiller(ByteBuffer b, int n, long seed) {
    long state = seed;
    int end = b.position() + n;
    while (b.position() + 8 <= end) {
      state += 0x9E3779B97F4A7C15L;
      b.putLong(mix(state));
    }
    state += 0x9E3779B97F4A7C15L;
    long last = mix(state);
    while (b.position() < end) {
      b.put((byte) last);
      last >>>= 8;
    }
  }

  /** SplitMix64's finaliser: cheap, and no two chunks of a memory image repeat. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  /** Reads and verifies one item file; any damage is a {@link CorruptItemException}. */
  static StableItem read(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      return read(ch, ch.size());
    }
  }

  /**
   * Reads and verifies one item from {@code ch}, an object of {@code size} bytes (a file, or an
   * object store's response); any damage is a {@link CorruptItemException}.
   */
  static StableItem read(ReadableByteChannel ch, long size) throws IOException {
    if (size < HEADER_BYTES + TRAILER_BYTES) {
      throw new CorruptItemException("truncated: " + size + " bytes, shorter than a header");
    }
    ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES);
    readFully(ch, head);
    head.flip();
    int magic = head.getInt();
    int format = head.getShort() & 0xFFFF;
    int type = head.get() & 0xFF;
    head.get(); // flags, none defined in format 1
    long payload = head.getLong();
    int encodedLength = head.getInt();
    if (magic != MAGIC) {
      throw new CorruptItemException("bad magic " + Integer.toHexString(magic));
    }
    if (format != FORMAT) {
      throw new CorruptItemException("unknown file format " + format);
    }
    if (payload < 0 || encodedLength < 0 || encodedLength > payload
        || encodedLength > MAX_ENCODED_BYTES) {
      throw new CorruptItemException("bad lengths in header: payload " + payload + ", encoded "
          + encodedLength);
    }
    long expected = HEADER_BYTES + payload + TRAILER_BYTES;
    if (size != expected) {
      throw new CorruptItemException((size < expected ? "truncated" : "overlong") + ": "
          + size + " bytes, header says " + expected);
    }
    CRC32C crc = new CRC32C();
    crc.update(head.flip());
    ByteBuffer encoded = ByteBuffer.allocate(encodedLength);
    readFully(ch, encoded);
    crc.update(encoded.flip());
    checksumFiller(ch, crc, payload - encodedLength);
    ByteBuffer trailer = ByteBuffer.allocate(TRAILER_BYTES);
    readFully(ch, trailer);
    int stored = trailer.flip().getInt();
    if (stored != (int) crc.getValue()) {
      throw new CorruptItemException("checksum mismatch: stored " + Integer.toHexString(stored)
          + ", computed " + Integer.toHexString((int) crc.getValue()));
    }
    StableItem item = ItemCodec.decode(encoded.array());
    if (ItemCodec.typeOf(item) != type) {
      throw new CorruptItemException("header type " + type + " does not match the item");
    }
    return item;
  }

  private static void checksumFiller(ReadableByteChannel ch, CRC32C crc, long n)
      throws IOException {
    if (n <= 0) {
      return;
    }
    ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(CHUNK, n));
    while (n > 0) {
      buf.clear();
      if (buf.remaining() > n) {
        buf.limit((int) n);
      }
      n -= buf.remaining();
      readFully(ch, buf);
      crc.update(buf.flip());
    }
  }

  private static void readFully(ReadableByteChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      if (ch.read(b) < 0) {
        throw new CorruptItemException("truncated while reading");
      }
    }
  }
}
