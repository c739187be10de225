package org.vmqsc.core.util;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

/**
 * A map from int keys to objects: open addressing with linear probing, no boxing of keys. It is
 * here so that per-channel and per-VM state on the per-message paths costs one array probe and no
 * {@code Integer}, while the core keeps depending on nothing but the JDK. Null values are not
 * stored ({@code get} answers null for an absent key). Iteration order of the table is an accident
 * of the operations: whatever can reach an output goes through {@link #keys()}, which ascends.
 */
public final class IntMap<V> {
  private static final int MIN_CAPACITY = 4;

  private int[] keys;
  private Object[] values;
  private int size;

  public IntMap() {
    this(MIN_CAPACITY);
  }

  /** Room for {@code expected} entries before the first growth. */
  public IntMap(int expected) {
    int cap = MIN_CAPACITY;
    while (cap * 3 < expected * 4) {
      cap <<= 1;
    }
    keys = new int[cap];
    values = new Object[cap];
  }

  private int slot(int key) {
    int h = key * 0x9E3779B9; // Fibonacci hashing: consecutive ids spread over the table
    return (h ^ (h >>> 16)) & (keys.length - 1);
  }

  /** The slot holding {@code key}, or the empty slot where it would go (as -1 - slot). */
  private int find(int key) {
    int mask = keys.length - 1;
    for (int i = slot(key); ; i = (i + 1) & mask) {
      if (values[i] == null) {
        return -1 - i;
      }
      if (keys[i] == key) {
        return i;
      }
    }
  }

  @SuppressWarnings("unchecked")
  public V get(int key) {
    int i = find(key);
    return i >= 0 ? (V) values[i] : null;
  }

  public boolean containsKey(int key) {
    return find(key) >= 0;
  }

  /** Maps {@code key} to {@code value} (non-null); returns what it mapped to before, or null. */
  @SuppressWarnings("unchecked")
  public V put(int key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("null value for key " + key);
    }
    int i = find(key);
    if (i >= 0) {
      V old = (V) values[i];
      values[i] = value;
      return old;
    }
    if ((size + 1) * 4 > keys.length * 3) {
      grow();
      i = find(key);
    }
    keys[-1 - i] = key;
    values[-1 - i] = value;
    size++;
    return null;
  }

  /** The value of {@code key}, made by {@code make} and stored first if there is none. */
  public V computeIfAbsent(int key, IntFunction<V> make) {
    V v = get(key);
    if (v == null) {
      v = make.apply(key);
      put(key, v);
    }
    return v;
  }

  /** Removes {@code key}; returns its value, or null if it had none. */
  @SuppressWarnings("unchecked")
  public V remove(int key) {
    int i = find(key);
    if (i < 0) {
      return null;
    }
    V old = (V) values[i];
    shiftBack(i);
    size--;
    return old;
  }

  /**
   * Closes the hole at {@code hole}: later entries of the same probe run move back into it, so
   * that a lookup never stops early at an empty slot (no tombstones to accumulate).
   */
  private void shiftBack(int hole) {
    int mask = keys.length - 1;
    for (int i = (hole + 1) & mask; values[i] != null; i = (i + 1) & mask) {
      int home = slot(keys[i]);
      // The entry at i may fill the hole unless its home lies cyclically in (hole, i].
      boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
      if (!stays) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
    }
    values[hole] = null;
    keys[hole] = 0;
  }

  private void grow() {
    int[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        int j = -1 - find(oldKeys[i]);
        keys[j] = oldKeys[i];
        values[j] = oldValues[i];
      }
    }
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public void clear() {
    Arrays.fill(values, null);
    Arrays.fill(keys, 0);
    size = 0;
  }

  /** Every key, ascending: the order for anything that can reach an output. */
  public int[] keys() {
    int[] out = new int[size];
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      if (values[i] != null) {
        out[n++] = keys[i];
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** A copy whose values are {@code copyValue} of these (the keys' table is cloned as it is). */
  @SuppressWarnings("unchecked")
  public IntMap<V> copy(UnaryOperator<V> copyValue) {
    IntMap<V> c = new IntMap<>(MIN_CAPACITY);
    c.keys = keys.clone();
    c.values = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        c.values[i] = copyValue.apply((V) values[i]);
      }
    }
    c.size = size;
    return c;
  }

  /** Slots in the table: what this map holds on to, for tests that measure retained state. */
  public int capacity() {
    return keys.length;
  }
}
