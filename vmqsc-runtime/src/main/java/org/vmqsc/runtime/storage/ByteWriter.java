package org.vmqsc.runtime.storage;

import java.util.Arrays;

/**
 * A growable big-endian byte buffer with LEB128 varints: small counters (indexes, sequence
 * numbers, counts) take one or two bytes, while digests and random draws, which are full 64-bit
 * values, are written as fixed eight bytes where a varint would only be longer.
 */
final class ByteWriter {
  private byte[] buf;
  private int size;

  ByteWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  void u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
  }

  void bool(boolean v) {
    u8(v ? 1 : 0);
  }

  void fixed64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
  }

  /** An unsigned varint: for values that are never negative. */
  void uvar(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  /** A zigzag varint: for values that are usually small but may be negative. */
  void svar(long v) {
    uvar((v << 1) ^ (v >> 63));
  }

  /** A length, then the bytes. */
  void bytes(byte[] b) {
    uvar(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  int size() {
    return size;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int n) {
    if (size + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }
  }
}
