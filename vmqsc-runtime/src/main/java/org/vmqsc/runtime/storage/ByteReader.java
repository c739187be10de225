package org.vmqsc.runtime.storage;

/**
 * Reads what {@link ByteWriter} wrote. Every read is bounds-checked and every length is checked
 * against the bytes left, so a damaged record fails with {@link CorruptItemException} instead of
 * an out-of-memory error or an array index exception.
 */
final class ByteReader {
  private final byte[] buf;
  private int pos;
  /** The item encoding version being read (ItemCodec reads older ones too). */
  int version;

  ByteReader(byte[] buf) {
    this.buf = buf;
  }

  int u8() throws CorruptItemException {
    need(1);
    return buf[pos++] & 0xFF;
  }

  boolean bool() throws CorruptItemException {
    int v = u8();
    if (v > 1) {
      throw new CorruptItemException("bad boolean " + v + " at byte " + (pos - 1));
    }
    return v == 1;
  }

  long fixed64() throws CorruptItemException {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  long uvar() throws CorruptItemException {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new CorruptItemException("varint longer than 10 bytes at byte " + pos);
  }

  long svar() throws CorruptItemException {
    long z = uvar();
    return (z >>> 1) ^ -(z & 1);
  }

  /** A zigzag varint that must fit an int. */
  int sint() throws CorruptItemException {
    long v = svar();
    if (v != (int) v) {
      throw new CorruptItemException("value " + v + " out of int range at byte " + pos);
    }
    return (int) v;
  }

  /** A count of elements each at least {@code minBytes} long: never more than the bytes left. */
  int count(int minBytes) throws CorruptItemException {
    long n = uvar();
    if (n < 0 || n > remaining() / Math.max(1, minBytes)) {
      throw new CorruptItemException("count " + n + " exceeds the " + remaining()
          + " bytes left at byte " + pos);
    }
    return (int) n;
  }

  /** What {@code ByteWriter.bytes} wrote; a length past the end is corrupt. */
  byte[] bytes() throws CorruptItemException {
    int n = count(1);
    need(n);
    byte[] b = java.util.Arrays.copyOfRange(buf, pos, pos + n);
    pos += n;
    return b;
  }

  int remaining() {
    return buf.length - pos;
  }

  private void need(int n) throws CorruptItemException {
    if (pos + n > buf.length) {
      throw new CorruptItemException("record ends early at byte " + pos);
    }
  }
}
