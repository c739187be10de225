package org.vmqsc.runtime.storage;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.LogItem;

/**
 * One log record in a segment ({@link SegmentLog}): a whole item, named and checksummed on its own,
 * so that a segment is a plain sequence of records and a torn tail is found record by record.
 *
 * <pre>
 * header  magic:i32 "VMQR" | kind:u8 | flags:u8 | reserved:u16 | vm:i32 | interval:i32 |
 *         incarnation:i32 | ticket:i64 | encodedLength:i32 | bodyLength:i32 | headerCrc:i32
 * body    encoded item ({@link ItemCodec}, encodedLength bytes) | filler (bodyLength - encodedLength)
 * trailer CRC32C of header and body: i32
 * </pre>
 *
 * The header repeats what an item file's name says (kind, interval, incarnation, ticket) plus the
 * VM, so a segment is indexed and judged by retention without decoding a single item. It has a
 * CRC32C of its own (over the 36 bytes before it), so that a record whose body rots still says
 * whose it was and which interval it held: D15 for log records can then name it, and an R6
 * record the line needs makes recovery fall back rather than refuse. The filler is the message
 * bodies a padded log stands for ({@code padLogs}), as in {@link ItemFile}.
 */
final class SegmentRecord {
  static final int MAGIC = 0x564D5152;
  static final int HEADER_BYTES = 40;
  /** Where the header's own checksum is, and what it covers (the header before it). */
  private static final int HEADER_CRC_AT = 36;
  private static final int ENCODED_LENGTH_AT = 28;
  static final int TRAILER_BYTES = 4;
  /** Guards readers against a header that asks for an absurd body. */
  static final int MAX_BODY_BYTES = 64 << 20;
  private static final String[] KINDS = {"r6", "r8", "rcpt", "chan"};

  private SegmentRecord() {}

  /** What a record's header says and where it lies in its segment. */
  record Header(int vm, String kind, int interval, int incarnation, long ticket, long offset,
      int length) {}

  /**
   * The record of a log item encoded as {@code encoded}, of {@code vm}, named {@code name} by its
   * host's writer (kind, interval, incarnation, ticket), padded to {@code targetBytes}.
   */
  static byte[] encode(int vm, ItemName name, byte[] encoded, long targetBytes, long fillSeed) {
    if (encoded.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException("log record of vm " + vm + " too large: "
          + encoded.length + " bytes");
    }
    int body = (int) Math.min(MAX_BODY_BYTES, Math.max(encoded.length,
        targetBytes - HEADER_BYTES - TRAILER_BYTES));
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + body + TRAILER_BYTES);
    b.putInt(MAGIC).put((byte) kindCode(name.kind())).put((byte) 0).putShort((short) 0)
        .putInt(vm).putInt(name.interval()).putInt(name.incarnation()).putLong(name.ticket())
        .putInt(encoded.length).putInt(body);
    CRC32C head = new CRC32C();
    head.update(b.array(), 0, HEADER_CRC_AT);
    b.putInt((int) head.getValue()).put(encoded);
    ItemFile.putFiller(b, body - encoded.length, fillSeed);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /**
   * The header of the record at {@code offset} of {@code segment} (holding {@code limit} bytes),
   * checked whole (magic, lengths, CRC), or null when there is no intact record there: the
   * segment ends, or its tail is torn, or the record is damaged.
   */
  static Header at(byte[] segment, int offset, int limit) {
    if (limit - offset < HEADER_BYTES + TRAILER_BYTES) {
      return null;
    }
    Fields f = Fields.at(segment, offset);
    if (!f.named() || f.body() > MAX_BODY_BYTES
        || (long) HEADER_BYTES + f.body() + TRAILER_BYTES > limit - offset) {
      return null;
    }
    int length = HEADER_BYTES + f.body() + TRAILER_BYTES;
    CRC32C crc = new CRC32C();
    crc.update(segment, offset, length - TRAILER_BYTES);
    int stored = ByteBuffer.wrap(segment, offset + length - TRAILER_BYTES, TRAILER_BYTES).getInt();
    return stored == (int) crc.getValue() ? f.header(offset, length) : null;
  }

  /**
   * What a damaged record at {@code offset} that fills exactly {@code length} bytes (up to the
   * next intact record) was, or null when that cannot be trusted. The header's VM, kind,
   * interval and incarnation are trusted when its own checksum holds (the damage is in the
   * body), or else when its body still decodes to a log item that names the same four: two copies
   * agreeing, so a flip that hit either is caught (D15 for log records).
   */
  static Header identify(byte[] segment, int offset, int length) {
    if (!frames(segment, offset, length)) {
      return null;
    }
    Fields f = Fields.at(segment, offset);
    if (!f.named()) {
      return null;
    }
    CRC32C head = new CRC32C();
    head.update(segment, offset, HEADER_CRC_AT);
    if (ByteBuffer.wrap(segment, offset + HEADER_CRC_AT, 4).getInt() == (int) head.getValue()) {
      return f.header(offset, length);
    }
    byte[] encoded = new byte[f.encodedLength()];
    System.arraycopy(segment, offset + HEADER_BYTES, encoded, 0, encoded.length);
    try {
      StableItem it = ItemCodec.decode(encoded);
      if (it instanceof LogItem && it.vm() == f.vm() && it.interval() == f.interval()
          && it.incarnation() == f.incarnation() && ItemName.kindOf(it).equals(KINDS[f.kind()])) {
        return f.header(offset, length);
      }
    } catch (CorruptItemException | RuntimeException e) {
      // the body does not decode: its header alone cannot be trusted
    }
    return null;
  }

  /**
   * Whether the {@code length} bytes at {@code offset} are framed as one whole record (magic,
   * kind and lengths consistent, the frame ending exactly there) whatever its checksum says: a
   * torn write leaves a record cut short or unwritten, so a whole frame that fails its checksum
   * is damage even when its header and body cannot be trusted.
   */
  static boolean frames(byte[] segment, int offset, int length) {
    if (length < HEADER_BYTES + TRAILER_BYTES) {
      return false;
    }
    Fields f = Fields.at(segment, offset);
    return f.framed() && (long) HEADER_BYTES + f.body() + TRAILER_BYTES == length;
  }

  /** A header's fields as they lie, checked by the callers as far as each needs. */
  private record Fields(int magic, int kind, int vm, int interval, int incarnation, long ticket,
      int encodedLength, int body) {
    /** The fields at {@code offset}; {@link #HEADER_BYTES} must lie there. */
    static Fields at(byte[] segment, int offset) {
      ByteBuffer b = ByteBuffer.wrap(segment, offset, HEADER_CRC_AT);
      int magic = b.getInt();
      int kind = b.get() & 0xFF;
      b.get(); // flags
      b.getShort(); // reserved
      return new Fields(magic, kind, b.getInt(), b.getInt(), b.getInt(), b.getLong(), b.getInt(),
          b.getInt());
    }

    /** Magic, kind and lengths consistent: a record's frame, whoever's it is. */
    boolean framed() {
      return magic == MAGIC && kind < KINDS.length && encodedLength >= 0 && encodedLength <= body;
    }

    /** Framed, and naming a VM. */
    boolean named() {
      return framed() && vm >= 0;
    }

    Header header(int offset, int length) {
      return new Header(vm, KINDS[kind], interval, incarnation, ticket, offset, length);
    }
  }

  /** The item of an intact record (as {@link #at} found it): decoded and checked. */
  static StableItem item(byte[] record) throws CorruptItemException {
    Header h = at(record, 0, record.length);
    if (h == null || h.length() != record.length) {
      throw new CorruptItemException("log record fails its checksum or framing");
    }
    int encodedLength = ByteBuffer.wrap(record, ENCODED_LENGTH_AT, 4).getInt();
    byte[] encoded = new byte[encodedLength];
    System.arraycopy(record, HEADER_BYTES, encoded, 0, encodedLength);
    StableItem it = ItemCodec.decode(encoded);
    if (!(it instanceof LogItem) || it.vm() != h.vm() || it.interval() != h.interval()
        || it.incarnation() != h.incarnation() || !ItemName.kindOf(it).equals(h.kind())) {
      throw new CorruptItemException("log record's content does not match its header");
    }
    return it;
  }

  private static int kindCode(String kind) {
    for (int i = 0; i < KINDS.length; i++) {
      if (KINDS[i].equals(kind)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a log kind: " + kind);
  }
}
