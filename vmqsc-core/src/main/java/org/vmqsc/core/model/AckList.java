package org.vmqsc.core.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import org.vmqsc.core.util.LongIntMap;

/**
 * Acknowledgements as per-channel ranges, packed seven ints apiece in one array: the form a report
 * and an announcement carry them in (D2). A range names {@code count} messages of one channel with
 * consecutive sequence numbers from {@code seq}, sent by one incarnation of the sender and
 * delivered by one incarnation of the receiver in one interval: exactly the acks it stands for,
 * each judged as it would be alone (D4). A receiver delivers each channel in sequence order, so
 * a period's acks of one channel are nearly always one range per interval, and a report's size
 * follows the channels that carried messages, not the messages.
 *
 * <p>Packed, not an object per ack: one ack per delivered message rides for up to a period before
 * it is relayed and settled, and as objects they were a cache miss each where they were read and
 * a survivor the collector copied.
 *
 * <p>It is a {@code List<Ack>} of the single acks for everyone else (wire codecs, tests): its size
 * counts acks, and {@link #get} makes the {@link Ack} it is asked for. The protocol's own loops
 * read the ranges.
 */
public final class AckList extends AbstractList<Ack> implements RandomAccess {
  private static final int FIELDS = 7;
  private static final int FROM = 0;
  private static final int TO = 1;
  private static final int SENDER_INC = 2;
  private static final int SEQ = 3;
  private static final int RECEIVER_INC = 4;
  private static final int INTERVAL = 5;
  private static final int COUNT = 6;

  private int[] data;
  private int ranges;
  private int acks;
  /** A frozen list refuses additions: the copy a report or announcement keeps. */
  private boolean frozen;
  /** While appending: each channel's newest range, which the next ack may extend. */
  private LongIntMap last = new LongIntMap();

  public AckList() {
    this(8);
  }

  public AckList(int expectedRanges) {
    data = new int[FIELDS * Math.max(1, expectedRanges)];
  }

  /** {@code acks} itself when it is an AckList already, else a packed copy. */
  public static AckList of(List<Ack> acks) {
    if (acks instanceof AckList packed) {
      return packed;
    }
    AckList out = new AckList(Math.min(acks.size(), 1024));
    for (Ack a : acks) {
      out.add(a);
    }
    return out;
  }

  /**
   * An unmodifiable packed copy of {@code acks} (itself when it is one already): what a message
   * that carries acknowledgements keeps, as {@code List.copyOf} would, without an object per ack.
   */
  public static AckList copyOf(List<Ack> acks) {
    if (acks instanceof AckList packed && packed.frozen) {
      return packed;
    }
    AckList out;
    if (acks instanceof AckList packed) {
      out = new AckList(packed.ranges);
      System.arraycopy(packed.data, 0, out.data, 0, FIELDS * packed.ranges);
      out.ranges = packed.ranges;
      out.acks = packed.acks;
    } else {
      out = of(acks);
    }
    out.freeze();
    return out;
  }

  /** Ranges {@code [from, to)} of this list, as a list of their own. */
  public AckList ranges(int from, int to) {
    AckList out = new AckList(to - from);
    for (int r = from; r < to; r++) {
      out.addRange(this, r);
    }
    return out;
  }

  private void freeze() {
    frozen = true;
    last = null;
  }

  /**
   * Freezes this list, whose owner hands it on (in a report or an announcement, which then keep
   * it as it is rather than copy it), and returns the owner's next, empty list: sized like this
   * one and reusing its channel index, so that a period's acks cost no growing.
   */
  public AckList freezeAndStartNext() {
    AckList next = new AckList(Math.max(8, ranges));
    next.last = last;
    next.last.clear();
    freeze();
    return next;
  }

  /** Appends one acknowledgement given by its fields, in {@link Ack}'s order. */
  public void add(int from, int to, int senderIncarnation, int seq, int receiverIncarnation,
      int receiveInterval) {
    add(from, to, senderIncarnation, seq, receiverIncarnation, receiveInterval, 1);
  }

  /**
   * Appends {@code count} acknowledgements of consecutive sequence numbers from {@code seq},
   * extending the channel's newest range when they continue it.
   */
  public void add(int from, int to, int senderIncarnation, int seq, int receiverIncarnation,
      int receiveInterval, int count) {
    if (frozen) {
      throw new UnsupportedOperationException("a frozen AckList");
    }
    if (count < 1) {
      throw new IllegalArgumentException("a range of " + count + " acks");
    }
    int r = last.get(channel(from, to));
    if (r >= 0) {
      int at = FIELDS * r;
      if (data[at + SENDER_INC] == senderIncarnation && data[at + RECEIVER_INC]
          == receiverIncarnation && data[at + INTERVAL] == receiveInterval
          && data[at + SEQ] + data[at + COUNT] == seq) {
        data[at + COUNT] += count;
        acks += count;
        return;
      }
    }
    if (FIELDS * (ranges + 1) > data.length) {
      data = Arrays.copyOf(data, 2 * data.length);
    }
    int at = FIELDS * ranges;
    data[at + FROM] = from;
    data[at + TO] = to;
    data[at + SENDER_INC] = senderIncarnation;
    data[at + SEQ] = seq;
    data[at + RECEIVER_INC] = receiverIncarnation;
    data[at + INTERVAL] = receiveInterval;
    data[at + COUNT] = count;
    last.put(channel(from, to), ranges);
    ranges++;
    acks += count;
  }

  @Override
  public boolean add(Ack a) {
    add(a.from(), a.to(), a.senderIncarnation(), a.seq(), a.receiverIncarnation(),
        a.receiveInterval());
    return true;
  }

  /** Appends range {@code r} of {@code other}. */
  public void addRange(AckList other, int r) {
    int at = FIELDS * r;
    int[] o = other.data;
    add(o[at + FROM], o[at + TO], o[at + SENDER_INC], o[at + SEQ], o[at + RECEIVER_INC],
        o[at + INTERVAL], o[at + COUNT]);
  }

  /** How many ranges: the size of this list on the wire. */
  public int rangeCount() {
    return ranges;
  }

  public int from(int r) {
    return data[FIELDS * r + FROM];
  }

  public int to(int r) {
    return data[FIELDS * r + TO];
  }

  public int senderIncarnation(int r) {
    return data[FIELDS * r + SENDER_INC];
  }

  /** The first sequence number of range {@code r}. */
  public int seq(int r) {
    return data[FIELDS * r + SEQ];
  }

  public int receiverIncarnation(int r) {
    return data[FIELDS * r + RECEIVER_INC];
  }

  public int receiveInterval(int r) {
    return data[FIELDS * r + INTERVAL];
  }

  /** How many acks range {@code r} stands for (sequence numbers seq(r) .. seq(r)+count(r)-1). */
  public int count(int r) {
    return data[FIELDS * r + COUNT];
  }

  /** The acks, one by one: the number of single acks, not of ranges. */
  @Override
  public int size() {
    return acks;
  }

  /** The {@code i}-th single ack (linear in the ranges: for tests and cold paths). */
  @Override
  public Ack get(int i) {
    if (i < 0 || i >= acks) {
      throw new IndexOutOfBoundsException(i + " of " + acks);
    }
    int r = 0;
    while (i >= count(r)) {
      i -= count(r++);
    }
    return single(r, i);
  }

  @Override
  public Iterator<Ack> iterator() {
    return new Iterator<>() {
      private int r;
      private int k;

      @Override
      public boolean hasNext() {
        return r < ranges;
      }

      @Override
      public Ack next() {
        if (r >= ranges) {
          throw new NoSuchElementException();
        }
        Ack a = single(r, k);
        if (++k == count(r)) {
          r++;
          k = 0;
        }
        return a;
      }
    };
  }

  private Ack single(int r, int k) {
    return new Ack(from(r), to(r), senderIncarnation(r), seq(r) + k, receiverIncarnation(r),
        receiveInterval(r));
  }

  /** A channel as a map key: sender and receiver ids are never negative. */
  private static long channel(int from, int to) {
    return ((long) from << 32) | (to & 0xFFFFFFFFL);
  }
}
