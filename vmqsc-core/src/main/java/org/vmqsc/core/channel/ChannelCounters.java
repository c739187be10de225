package org.vmqsc.core.channel;

import java.util.Arrays;

/**
 * Mutable per-channel counters of one receiving VM, kept only for senders that sent. While the VM
 * hears from few of the senders its ids span, they are a sorted (sender, counter) list; once it
 * hears from an eighth of them, a plain array by sender costs at most four times the list's memory,
 * and it switches to that for good: array speed on the delivery path (a binary search per
 * delivery cost paper-example-1000 several per cent), and a snapshot that is one copy.
 */
public class ChannelCounters {
  private int[] senders = new int[4];
  private int[] seqs = new int[4];
  /** Counters by sender once dense; null while sparse. */
  private int[] dense;
  private int size;
  /** The highest counter in dense form (counters only rise but by a restore): a snapshot's width. */
  private int max;

  /** The highest sequence number counted from {@code sender}; 0 if none. */
  public int get(int sender) {
    if (dense != null) {
      return sender < dense.length ? dense[sender] : 0;
    }
    int i = Arrays.binarySearch(senders, 0, size, sender);
    return i >= 0 ? seqs[i] : 0;
  }

  /** Raises the counter of {@code sender} to {@code seq}; a lower one leaves it as it is. */
  public void raise(int sender, int seq) {
    if (sender < 0) {
      throw new IllegalArgumentException("sender " + sender);
    }
    if (seq <= 0) {
      return; // a counter at 0 is the same as no counter: keep it absent
    }
    if (dense != null) {
      raiseDense(sender, seq);
      return;
    }
    int i = Arrays.binarySearch(senders, 0, size, sender);
    if (i >= 0) {
      seqs[i] = Math.max(seqs[i], seq);
      return;
    }
    insert(-i - 1, sender, seq);
    int span = senders[size - 1] + 1;
    if (8 * size >= span && span >= 8) {
      toDense(span);
    }
  }

  private void raiseDense(int sender, int seq) {
    if (sender >= dense.length) {
      // No slack: a snapshot copies the whole array, and a new highest sender is rare once the
      // VM hears from an eighth of its span.
      dense = Arrays.copyOf(dense, sender + 1);
    }
    if (dense[sender] == 0) {
      size++;
    }
    dense[sender] = Math.max(dense[sender], seq);
    max = Math.max(max, seq);
  }

  private void insert(int at, int sender, int seq) {
    if (size == senders.length) {
      senders = Arrays.copyOf(senders, 2 * size);
      seqs = Arrays.copyOf(seqs, 2 * size);
    }
    System.arraycopy(senders, at, senders, at + 1, size - at);
    System.arraycopy(seqs, at, seqs, at + 1, size - at);
    senders[at] = sender;
    seqs[at] = seq;
    size++;
  }

  private void toDense(int span) {
    dense = new int[span];
    for (int i = 0; i < size; i++) {
      dense[senders[i]] = seqs[i];
      max = Math.max(max, seqs[i]);
    }
    senders = null;
    seqs = null;
  }

  /** Raises the counter of {@code peer} by one and returns it: the next sequence number. */
  public int increment(int peer) {
    int next = get(peer) + 1;
    raise(peer, next);
    return next;
  }

  /** How many senders have a counter. */
  public int size() {
    return size;
  }

  public ChannelSeqs snapshot() {
    return dense != null ? ChannelSeqs.denseCopy(dense, size, max)
        : ChannelSeqs.sparse(Arrays.copyOf(senders, size), Arrays.copyOf(seqs, size), size);
  }

  /** Sets every counter to the snapshot's: a restored state continues exactly where it left. */
  public void restore(ChannelSeqs snapshot) {
    size = snapshot.size();
    if (snapshot.isDense()) {
      dense = snapshot.copyDense();
      max = snapshot.max();
      senders = null;
      seqs = null;
    } else {
      dense = null;
      senders = size == 0 ? new int[4] : snapshot.copySenders();
      seqs = size == 0 ? new int[4] : snapshot.copySeqs();
    }
  }
}
