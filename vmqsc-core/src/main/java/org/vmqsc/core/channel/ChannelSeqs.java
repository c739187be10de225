package org.vmqsc.core.channel;

import java.util.Arrays;

/**
 * An immutable snapshot of per-channel sequence counters: for each sender that ever sent, the
 * highest sequence number delivered from it; a sender absent from it stands at 0. A checkpoint
 * holds one per VM, so its size follows the VM's actual peers, not the number of VMs: a VM that
 * hears from few peers keeps a sorted (sender, counter) list; one that hears from most of them
 * keeps a plain array by sender, which is then the smaller and the faster form.
 */
public final class ChannelSeqs {
  public static final ChannelSeqs EMPTY = new ChannelSeqs(new int[0], new int[0], null, 0);

  /** Sparse form: ascending senders and their counters (all > 0); null in dense form. */
  private final int[] senders;
  private final int[] seqs;
  /** Dense form: the counter of every sender 0..dense.length-1; null in sparse form. */
  private final int[] dense;
  /**
   * Dense form, narrowed: the same counters a byte or a char apiece when all fit (unsigned), one
   * of the two set in place of {@link #dense}. A checkpoint copies a dense VM's two counter
   * arrays, and those copies were a third of the bytes a simulated message allocated: counters
   * rise by one per message of a channel, so on a VM that talks to most of its span they stay
   * small, and a byte apiece is a quarter of the copy and of what storage keeps.
   */
  private final byte[] dense8;
  private final char[] dense16;
  private final int size;

  private ChannelSeqs(int[] senders, int[] seqs, int[] dense, int size) {
    this(senders, seqs, dense, null, null, size);
  }

  private ChannelSeqs(int[] senders, int[] seqs, int[] dense, byte[] dense8, char[] dense16,
      int size) {
    this.senders = senders;
    this.seqs = seqs;
    this.dense = dense;
    this.dense8 = dense8;
    this.dense16 = dense16;
    this.size = size;
  }

  /** Ascending senders with positive counters, the first {@code size} of each (arrays taken). */
  static ChannelSeqs sparse(int[] senders, int[] seqs, int size) {
    return size == 0 ? EMPTY : new ChannelSeqs(senders, seqs, null, size);
  }

  /**
   * Counters by sender, {@code size} of them positive, none above {@code max}: copied, in the
   * narrowest form that holds {@code max}.
   */
  static ChannelSeqs denseCopy(int[] bySender, int size, int max) {
    if (size == 0) {
      return EMPTY;
    }
    if (max <= 0xFF) {
      byte[] b = new byte[bySender.length];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) bySender[i];
      }
      return new ChannelSeqs(null, null, null, b, null, size);
    }
    if (max <= 0xFFFF) {
      char[] c = new char[bySender.length];
      for (int i = 0; i < c.length; i++) {
        c[i] = (char) bySender[i];
      }
      return new ChannelSeqs(null, null, null, null, c, size);
    }
    return new ChannelSeqs(null, null, bySender.clone(), size);
  }

  /** From a dense array indexed by sender (the form the wire and the coordinated round use). */
  public static ChannelSeqs of(int[] bySender) {
    ChannelCounters c = new ChannelCounters();
    for (int from = 0; from < bySender.length; from++) {
      c.raise(from, bySender[from]);
    }
    return c.snapshot();
  }

  /** The counter of the channel from {@code sender}; 0 if it never delivered anything. */
  public int get(int sender) {
    if (isDense()) {
      return sender < denseLength() ? denseAt(sender) : 0;
    }
    int i = Arrays.binarySearch(senders, 0, size, sender);
    return i >= 0 ? seqs[i] : 0;
  }

  private int denseLength() {
    return dense != null ? dense.length : dense8 != null ? dense8.length : dense16.length;
  }

  private int denseAt(int sender) {
    return dense != null ? dense[sender]
        : dense8 != null ? Byte.toUnsignedInt(dense8[sender]) : dense16[sender];
  }

  /** How many channels have a counter above 0. */
  public int size() {
    return size;
  }

  boolean isDense() {
    return dense != null || dense8 != null || dense16 != null;
  }

  /** The dense form as a fresh array, for {@link ChannelCounters#restore}. */
  int[] copyDense() {
    if (dense != null) {
      return dense.clone();
    }
    int[] out = new int[denseLength()];
    for (int i = 0; i < out.length; i++) {
      out[i] = denseAt(i);
    }
    return out;
  }

  /** The highest counter (0 when none). */
  int max() {
    int m = 0;
    if (isDense()) {
      for (int i = 0; i < denseLength(); i++) {
        m = Math.max(m, denseAt(i));
      }
    } else {
      for (int i = 0; i < size; i++) {
        m = Math.max(m, seqs[i]);
      }
    }
    return m;
  }

  int[] copySenders() {
    return Arrays.copyOf(senders, size);
  }

  int[] copySeqs() {
    return Arrays.copyOf(seqs, size);
  }

  /** The senders with a counter above 0, ascending. */
  public int[] channels() {
    if (!isDense()) {
      return Arrays.copyOf(senders, size);
    }
    int[] out = new int[size];
    int n = 0;
    for (int from = 0; from < denseLength(); from++) {
      if (denseAt(from) != 0) {
        out[n++] = from;
      }
    }
    return out;
  }

  /** One past the highest sender with a counter (0 if none). */
  private int span() {
    if (isDense()) {
      int n = denseLength();
      while (n > 0 && denseAt(n - 1) == 0) {
        n--;
      }
      return n;
    }
    return size == 0 ? 0 : senders[size - 1] + 1;
  }

  /** The dense form, one entry per peer 0..peers-1. */
  public int[] toArray(int peers) {
    if (span() > peers) {
      throw new IllegalArgumentException("sender " + (span() - 1) + " beyond " + peers + " peers");
    }
    if (isDense()) {
      return Arrays.copyOf(copyDense(), peers);
    }
    int[] out = new int[peers];
    for (int i = 0; i < size; i++) {
      out[senders[i]] = seqs[i];
    }
    return out;
  }

  /** Equal counters are equal snapshots, whichever form each keeps. */
  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelSeqs c && size == c.size && span() == c.span()
        && Arrays.equals(toArray(span()), c.toArray(span()));
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(toArray(span()));
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{");
    int[] all = toArray(span());
    for (int from = 0; from < all.length; from++) {
      if (all[from] != 0) {
        b.append(b.length() == 1 ? "" : ", ").append(from).append(':').append(all[from]);
      }
    }
    return b.append('}').toString();
  }
}
