package org.vmqsc.core.channel;

import java.util.Arrays;

/**
 * Mutable per-channel counters of one receiving VM, kept only for senders that sent (open
 * addressing on int keys: no boxing on the delivery path, and no array sized by the VM count,
 * which made a VM's receive state grow with the cluster rather than with its peers).
 */
public final class ChannelCounters {
  private static final int EMPTY_SLOT = 0;
  /** sender + 1 per slot (0 marks an empty slot), and the counter beside it. */
  private int[] keys = new int[8];
  private int[] values = new int[8];
  private int size;

  /** The highest sequence number counted from {@code sender}; 0 if none. */
  public int get(int sender) {
    int slot = find(sender);
    return keys[slot] == EMPTY_SLOT ? 0 : values[slot];
  }

  /** Raises the counter of {@code sender} to {@code seq}; a lower one leaves it as it is. */
  public void raise(int sender, int seq) {
    if (sender < 0) {
      throw new IllegalArgumentException("sender " + sender);
    }
    if (seq <= 0) {
      return; // a counter at 0 is the same as no counter: keep it absent
    }
    int slot = find(sender);
    if (keys[slot] == EMPTY_SLOT) {
      keys[slot] = sender + 1;
      values[slot] = seq;
      if (++size * 2 > keys.length) {
        grow();
      }
    } else if (seq > values[slot]) {
      values[slot] = seq;
    }
  }

  /** How many senders have a counter. */
  public int size() {
    return size;
  }

  public ChannelSeqs snapshot() {
    int[] senders = new int[size];
    int n = 0;
    for (int k : keys) {
      if (k != EMPTY_SLOT) {
        senders[n++] = k - 1;
      }
    }
    Arrays.sort(senders);
    int[] seqs = new int[size];
    for (int i = 0; i < size; i++) {
      seqs[i] = get(senders[i]);
    }
    return ChannelSeqs.ofSorted(senders, seqs);
  }

  /** Sets every counter to the snapshot's: a restored state continues exactly where it left. */
  public void restore(ChannelSeqs seqs) {
    keys = new int[8];
    values = new int[8];
    size = 0;
    for (int i = 0; i < seqs.size(); i++) {
      raise(seqs.senderAt(i), seqs.seqAt(i));
    }
  }

  private int find(int sender) {
    int mask = keys.length - 1;
    // Fibonacci hashing: the product's top bits, as many as the table needs.
    int slot = (sender * 0x9E3779B9) >>> (Integer.numberOfLeadingZeros(keys.length) + 1);
    while (keys[slot] != EMPTY_SLOT && keys[slot] != sender + 1) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private void grow() {
    int[] oldKeys = keys;
    int[] oldValues = values;
    keys = new int[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY_SLOT) {
        int slot = find(oldKeys[i] - 1);
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }
}
