package org.vmqsc.core.util;

import java.util.Arrays;

/**
 * A map from long keys to non-negative int values, open addressing with linear probing, at most
 * half full, no boxing: {@link IntMap}'s companion for tables that name a row of a packed array
 * (a ledger's peer, an ack list's channel). Absent keys read as -1, which also marks an empty
 * slot, so any key may be stored.
 */
public final class LongIntMap {
  private long[] keys;
  private int[] values;
  private int size;

  public LongIntMap() {
    this(8);
  }

  private LongIntMap(int capacity) {
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(values, -1);
  }

  /** The value of {@code key}, or -1 when it has none. */
  public int get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); values[i] >= 0; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return values[i];
      }
    }
    return -1;
  }

  /** Maps {@code key} to {@code value} (>= 0). */
  public void put(long key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative value " + value + " for key " + key);
    }
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (values[i] >= 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (values[i] < 0) {
      size++;
    }
    keys[i] = key;
    values[i] = value;
  }

  public int size() {
    return size;
  }

  /** Forgets every key, keeping the room. */
  public void clear() {
    Arrays.fill(values, -1);
    size = 0;
  }

  /** The keys, ascending. */
  public long[] keys() {
    long[] out = new long[size];
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      if (values[i] >= 0) {
        out[n++] = keys[i];
      }
    }
    Arrays.sort(out);
    return out;
  }

  public LongIntMap copy() {
    LongIntMap m = new LongIntMap(1);
    m.keys = keys.clone();
    m.values = values.clone();
    m.size = size;
    return m;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[2 * oldKeys.length];
    values = new int[keys.length];
    Arrays.fill(values, -1);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] >= 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int slot(long key, int mask) {
    int h = (int) (key >>> 32) * 0x9E3779B9 + (int) key * 0x85EBCA6B;
    return (h ^ (h >>> 15)) & mask;
  }
}
