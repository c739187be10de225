package org.vmqsc.core.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Acknowledgements packed six ints apiece in one array: the form a report and an announcement
 * carry them in. One ack per delivered message rides for up to a period before it is relayed and
 * settled (D2), so as objects they were a cache miss each where they were read and a survivor the
 * collector copied; packed, the manager's relay and the sender's settling read them in order.
 *
 * <p>It is a {@code List<Ack>} for everyone else (wire codecs, tests): {@link #get} makes the
 * {@link Ack} it is asked for. The protocol's own loops use the field accessors.
 */
public final class AckList extends AbstractList<Ack> implements RandomAccess {
  private static final int FIELDS = 6;

  private int[] data;
  private int size;
  /** A frozen list refuses additions: the copy a report or announcement keeps. */
  private boolean frozen;

  public AckList() {
    this(8);
  }

  public AckList(int expected) {
    data = new int[FIELDS * Math.max(1, expected)];
  }

  /** {@code acks} itself when it is an AckList already, else a packed copy. */
  public static AckList of(List<Ack> acks) {
    if (acks instanceof AckList packed) {
      return packed;
    }
    AckList out = new AckList(acks.size());
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
      out = new AckList(packed.size);
      System.arraycopy(packed.data, 0, out.data, 0, FIELDS * packed.size);
      out.size = packed.size;
    } else {
      out = of(acks);
    }
    out.frozen = true;
    return out;
  }

  /** Appends an acknowledgement given by its fields, in {@link Ack}'s order. */
  public void add(int from, int to, int senderIncarnation, int seq, int receiverIncarnation,
      int receiveInterval) {
    if (frozen) {
      throw new UnsupportedOperationException("a frozen AckList");
    }
    if (FIELDS * (size + 1) > data.length) {
      data = Arrays.copyOf(data, 2 * data.length);
    }
    int at = FIELDS * size++;
    data[at] = from;
    data[at + 1] = to;
    data[at + 2] = senderIncarnation;
    data[at + 3] = seq;
    data[at + 4] = receiverIncarnation;
    data[at + 5] = receiveInterval;
  }

  @Override
  public boolean add(Ack a) {
    add(a.from(), a.to(), a.senderIncarnation(), a.seq(), a.receiverIncarnation(),
        a.receiveInterval());
    return true;
  }

  /** Appends ack {@code i} of {@code other}. */
  public void addFrom(AckList other, int i) {
    int at = FIELDS * i;
    int[] o = other.data;
    add(o[at], o[at + 1], o[at + 2], o[at + 3], o[at + 4], o[at + 5]);
  }

  @Override
  public Ack get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i + " of " + size);
    }
    int at = FIELDS * i;
    return new Ack(data[at], data[at + 1], data[at + 2], data[at + 3], data[at + 4],
        data[at + 5]);
  }

  @Override
  public int size() {
    return size;
  }

  public int from(int i) {
    return data[FIELDS * i];
  }

  public int to(int i) {
    return data[FIELDS * i + 1];
  }

  public int senderIncarnation(int i) {
    return data[FIELDS * i + 2];
  }

  public int seq(int i) {
    return data[FIELDS * i + 3];
  }

  public int receiverIncarnation(int i) {
    return data[FIELDS * i + 4];
  }

  public int receiveInterval(int i) {
    return data[FIELDS * i + 5];
  }
}
