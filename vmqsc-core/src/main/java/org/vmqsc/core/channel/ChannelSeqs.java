package org.vmqsc.core.channel;

import java.util.Arrays;

/**
 * An immutable, sparse snapshot of per-channel sequence counters: for each sender that ever sent,
 * the highest sequence number delivered from it; a sender absent from it stands at 0. A checkpoint
 * holds one per VM, so its size follows the VM's actual peers, not the number of VMs.
 */
public final class ChannelSeqs {
  public static final ChannelSeqs EMPTY = new ChannelSeqs(new int[0], new int[0]);

  /** Ascending sender ids and, at the same position, their counters (all > 0). */
  private final int[] senders;
  private final int[] seqs;

  private ChannelSeqs(int[] senders, int[] seqs) {
    this.senders = senders;
    this.seqs = seqs;
  }

  /** Built from ascending senders and positive counters (the arrays are taken, not copied). */
  static ChannelSeqs ofSorted(int[] senders, int[] seqs) {
    return senders.length == 0 ? EMPTY : new ChannelSeqs(senders, seqs);
  }

  /** From a dense array indexed by sender (the form the wire and the coordinated round use). */
  public static ChannelSeqs of(int[] dense) {
    int n = 0;
    for (int seq : dense) {
      n += seq != 0 ? 1 : 0;
    }
    int[] senders = new int[n];
    int[] seqs = new int[n];
    int i = 0;
    for (int from = 0; from < dense.length; from++) {
      if (dense[from] != 0) {
        senders[i] = from;
        seqs[i++] = dense[from];
      }
    }
    return ofSorted(senders, seqs);
  }

  /** The counter of the channel from {@code sender}; 0 if it never delivered anything. */
  public int get(int sender) {
    int i = Arrays.binarySearch(senders, sender);
    return i >= 0 ? seqs[i] : 0;
  }

  /** How many channels have a counter above 0. */
  public int size() {
    return senders.length;
  }

  int senderAt(int i) {
    return senders[i];
  }

  int seqAt(int i) {
    return seqs[i];
  }

  /** The dense form, one entry per peer 0..peers-1. */
  public int[] toArray(int peers) {
    int[] dense = new int[peers];
    for (int i = 0; i < senders.length; i++) {
      if (senders[i] >= peers) {
        throw new IllegalArgumentException("sender " + senders[i] + " beyond " + peers + " peers");
      }
      dense[senders[i]] = seqs[i];
    }
    return dense;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelSeqs c && Arrays.equals(senders, c.senders)
        && Arrays.equals(seqs, c.seqs);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(senders) + Arrays.hashCode(seqs);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < senders.length; i++) {
      b.append(i == 0 ? "" : ", ").append(senders[i]).append(':').append(seqs[i]);
    }
    return b.append('}').toString();
  }
}
