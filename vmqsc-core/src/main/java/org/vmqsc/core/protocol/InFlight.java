package org.vmqsc.core.protocol;

import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Message;

/**
 * The messages one VM sent that no receiver has acknowledged yet, and the smallest sender index
 * among them ({@code minUnacked} of D2). An acknowledgement names a message ({@link Ack}: receiver,
 * sender incarnation, sequence number) rather than pointing at it, so the messages sit in one
 * open-addressing table per VM keyed by that name: sending, settling and asking cost one probe each,
 * whatever the order acks arrive in. Each message is in flight at most once, so a repeated ack (a
 * duplicate delivered and acknowledged again, D5) finds nothing.
 *
 * <p>The table holds what is in flight, not one entry per channel: a VM that talks to a thousand
 * peers with a few messages out at a time keeps a few entries, in cache. It grows with the messages
 * out and {@link #reclaim} shrinks it again once they are acknowledged.
 */
public final class InFlight {
  private static final int MIN_CAPACITY = 8;
  /** No name has receiver -1: the mark of an empty slot. */
  private static final long EMPTY = -1L;

  /**
   * Open addressing, linear probing, two longs a slot: the name's receiver and sequence number,
   * then the sender incarnation and sender index. Names and indexes, not the messages: a probe
   * reads one array, in cache, instead of chasing a pointer to each message it passes.
   */
  private long[] table = emptyTable(MIN_CAPACITY);
  private int size;
  private final IndexCounts indexes = new IndexCounts();

  /**
   * {@code m} went out, or a kept copy of it went out again (R7, D4): it is in flight until
   * acknowledged. Returns false if it already was.
   */
  public boolean sent(Message m) {
    int i = find(m.to, m.senderIncarnation, m.seq);
    if (i >= 0) {
      return false;
    }
    if ((size + 1) * 4 > capacity() * 3) {
      resize(capacity() * 2);
      i = find(m.to, m.senderIncarnation, m.seq);
    }
    put(-1 - i, name(m.to, m.seq), tail(m.senderIncarnation, m.senderIndex));
    size++;
    indexes.add(m.senderIndex);
    return true;
  }

  /**
   * The receiver delivered the named message: it is no longer in flight. Returns false when it
   * was not in flight (acknowledged before, or never sent by this VM).
   */
  public boolean settle(Ack a) {
    return settle(a.to(), a.senderIncarnation(), a.seq());
  }

  /** {@link #settle(Ack)} for the name given by its fields. */
  public boolean settle(int to, int senderIncarnation, int seq) {
    int i = find(to, senderIncarnation, seq);
    if (i < 0) {
      return false;
    }
    int senderIndex = (int) table[2 * i + 1];
    removeAt(i);
    indexes.remove(senderIndex);
    return true;
  }

  /** Whether {@code m} is still waiting for its acknowledgement. */
  public boolean contains(Message m) {
    return find(m.to, m.senderIncarnation, m.seq) >= 0;
  }

  /** The smallest sender index of a message in flight, or Integer.MAX_VALUE when none is. */
  public int minIndex() {
    return indexes.min();
  }

  public int size() {
    return size;
  }

  /** The VM rolled back to a new incarnation: acks for its undone execution settle nothing. */
  public void clear() {
    table = emptyTable(MIN_CAPACITY);
    size = 0;
    indexes.clear();
  }

  /**
   * Gives back room a burst of sends needed and no longer does. Not on every ack: a busy VM's
   * count rises and falls all the time. The hypervisor calls it when a durable line is announced.
   */
  public void reclaim() {
    int want = MIN_CAPACITY;
    while (want * 3 < size * 4 * 2) { // room for twice what is out now
      want <<= 1;
    }
    if (want * 4 <= capacity()) {
      resize(want);
    }
  }

  /** Receivers this VM has messages out to (for tests of what the state retains). */
  public int channels() {
    java.util.BitSet to = new java.util.BitSet();
    for (int i = 0; i < capacity(); i++) {
      if (table[2 * i] != EMPTY) {
        to.set((int) (table[2 * i] >>> 32));
      }
    }
    return to.cardinality();
  }

  /** Table slots held (for tests of what the state retains). */
  int capacity() {
    return table.length / 2;
  }

  private static long[] emptyTable(int capacity) {
    long[] t = new long[2 * capacity];
    java.util.Arrays.fill(t, EMPTY);
    return t;
  }

  private static long name(int to, int seq) {
    return ((long) to << 32) | (seq & 0xFFFFFFFFL);
  }

  private static long tail(int incarnation, int senderIndex) {
    return ((long) incarnation << 32) | (senderIndex & 0xFFFFFFFFL);
  }

  private void put(int slot, long name, long tail) {
    table[2 * slot] = name;
    table[2 * slot + 1] = tail;
  }

  private int home(long name) {
    int h = (int) (name >>> 32) * 0x9E3779B9 + (int) name * 0x85EBCA6B;
    return (h ^ (h >>> 15)) & (capacity() - 1);
  }

  /** The slot holding the named message, or the empty slot where it would go (as -1 - slot). */
  private int find(int to, int incarnation, int seq) {
    long name = name(to, seq);
    int mask = capacity() - 1;
    for (int i = home(name); ; i = (i + 1) & mask) {
      long k = table[2 * i];
      if (k == EMPTY) {
        return -1 - i;
      }
      if (k == name && (int) (table[2 * i + 1] >>> 32) == incarnation) {
        return i;
      }
    }
  }

  /** Empties slot {@code hole}, moving later entries of its probe run back (no tombstones). */
  private void removeAt(int hole) {
    int mask = capacity() - 1;
    put(hole, EMPTY, EMPTY);
    size--;
    for (int i = (hole + 1) & mask; table[2 * i] != EMPTY; i = (i + 1) & mask) {
      int home = home(table[2 * i]);
      // The entry at i may fill the hole unless its home lies cyclically in (hole, i].
      boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
      if (!stays) {
        put(hole, table[2 * i], table[2 * i + 1]);
        put(i, EMPTY, EMPTY);
        hole = i;
      }
    }
  }

  private void resize(int capacity) {
    long[] old = table;
    table = emptyTable(capacity);
    for (int j = 0; j < old.length; j += 2) {
      if (old[j] != EMPTY) {
        int i = -1 - find((int) (old[j] >>> 32), (int) (old[j + 1] >>> 32), (int) old[j]);
        put(i, old[j], old[j + 1]);
      }
    }
  }
}
