package org.vmqsc.core.protocol;

import java.util.Arrays;
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

  /** Open addressing, linear probing; a null slot is empty. */
  private Message[] table = new Message[MIN_CAPACITY];
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
    if ((size + 1) * 4 > table.length * 3) {
      resize(table.length * 2);
      i = find(m.to, m.senderIncarnation, m.seq);
    }
    table[-1 - i] = m;
    size++;
    indexes.add(m.senderIndex);
    return true;
  }

  /**
   * The receiver delivered the named message: it is no longer in flight. Returns false when it
   * was not in flight (acknowledged before, or never sent by this VM).
   */
  public boolean settle(Ack a) {
    int i = find(a.to(), a.senderIncarnation(), a.seq());
    if (i < 0) {
      return false;
    }
    Message m = table[i];
    removeAt(i);
    indexes.remove(m.senderIndex);
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
    table = new Message[MIN_CAPACITY];
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
    if (want * 4 <= table.length) {
      resize(want);
    }
  }

  /** Receivers this VM has messages out to (for tests of what the state retains). */
  public int channels() {
    return (int) Arrays.stream(table).filter(m -> m != null).mapToInt(m -> m.to).distinct().count();
  }

  /** Table slots held (for tests of what the state retains). */
  int capacity() {
    return table.length;
  }

  private int home(int to, int seq) {
    int h = to * 0x9E3779B9 + seq * 0x85EBCA6B;
    return (h ^ (h >>> 15)) & (table.length - 1);
  }

  /** The slot holding the named message, or the empty slot where it would go (as -1 - slot). */
  private int find(int to, int incarnation, int seq) {
    int mask = table.length - 1;
    for (int i = home(to, seq); ; i = (i + 1) & mask) {
      Message m = table[i];
      if (m == null) {
        return -1 - i;
      }
      if (m.seq == seq && m.to == to && m.senderIncarnation == incarnation) {
        return i;
      }
    }
  }

  /** Empties slot {@code hole}, moving later entries of its probe run back (no tombstones). */
  private void removeAt(int hole) {
    int mask = table.length - 1;
    table[hole] = null;
    size--;
    for (int i = (hole + 1) & mask; table[i] != null; i = (i + 1) & mask) {
      int home = home(table[i].to, table[i].seq);
      // The entry at i may fill the hole unless its home lies cyclically in (hole, i].
      boolean stays = hole <= i ? hole < home && home <= i : hole < home || home <= i;
      if (!stays) {
        table[hole] = table[i];
        table[i] = null;
        hole = i;
      }
    }
  }

  private void resize(int capacity) {
    Message[] old = table;
    table = new Message[capacity];
    for (Message m : old) {
      if (m != null) {
        table[-1 - find(m.to, m.senderIncarnation, m.seq)] = m;
      }
    }
  }
}
