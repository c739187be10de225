package org.vmqsc.core.guest;

import org.vmqsc.core.util.LongIntMap;

/**
 * A guest's own record, per peer, of what it sent and received: counts, a hash chain of payloads
 * and money moved. It is part of the guest's state (checkpointed and restored with it), so after
 * any recovery the oracle can compare what each receiver's state holds with what each sender's
 * state says it sent, without trusting the protocol's bookkeeping.
 *
 * <p>A record exists only for a peer the guest sent to or received from ({@link #touched()}); any
 * other peer reads as zero everywhere. A guest that talks to ten peers of 100,000 keeps ten
 * records, and a checkpoint copies ten.
 */
public final class Ledger {
  // One row of six longs per touched peer: sent count, chain, amount, then received count,
  // chain, amount. The rows sit in one array and a LongIntMap finds a peer's row, so that a
  // checkpoint's copy is a few array copies, not one object per peer.
  private static final int FIELDS = 6;
  private static final int SENT_COUNT = 0;
  private static final int SENT_CHAIN = 1;
  private static final int SENT_AMOUNT = 2;
  private static final int RECV_COUNT = 3;
  private static final int RECV_CHAIN = 4;
  private static final int RECV_AMOUNT = 5;

  /** The number of VMs, so that the dense accessors and the wire form keep their size. */
  private final int vms;
  /** Each touched peer's row: where its six longs start in {@code rows}. */
  private LongIntMap rowOf = new LongIntMap();
  private long[] rows = new long[FIELDS * 4];
  private int rowCount;
  /** Messages sent and received over all peers: a check over the whole cloud reads these first. */
  private long sentTotal;
  private long recvTotal;

  public Ledger(int vms) {
    this.vms = vms;
  }

  /**
   * One peer's record, as a ledger hands it out ({@link #forEachPeer}) and takes it back ({@link
   * Builder#peer}): what the guest sent to and received from {@code peer}.
   */
  @FunctionalInterface
  public interface PeerRecord {
    void accept(int peer, int sentCount, long sentChain, long sentAmount, int recvCount,
        long recvChain, long recvAmount);
  }

  /**
   * A ledger spanning {@code vms} VMs, rebuilt peer by peer (as read back from a checkpoint on
   * stable storage or from the admin API): it costs the records given, never a slot per VM.
   */
  public static Builder builder(int vms) {
    if (vms < 0) {
      throw new IllegalArgumentException("a ledger spanning " + vms + " VMs");
    }
    return new Builder(vms);
  }

  /** Collects per-peer records; a record of all zeros is no record (it reads the same). */
  public static final class Builder implements PeerRecord {
    private Ledger ledger;

    private Builder(int vms) {
      this.ledger = new Ledger(vms);
    }

    /** Adds {@code peer}'s record; each peer once, each below the span. */
    public Builder peer(int peer, int sentCount, long sentChain, long sentAmount, int recvCount,
        long recvChain, long recvAmount) {
      if (ledger == null) {
        throw new IllegalStateException("ledger already built");
      }
      if (peer < 0 || peer >= ledger.vms) {
        throw new IllegalArgumentException("peer " + peer + " of a ledger spanning "
            + ledger.vms + " VMs");
      }
      if (ledger.row(peer) >= 0) {
        throw new IllegalArgumentException("peer " + peer + " recorded twice");
      }
      if (sentCount != 0 || sentChain != 0 || sentAmount != 0 || recvCount != 0
          || recvChain != 0 || recvAmount != 0) {
        int at = ledger.record(peer);
        long[] r = ledger.rows;
        r[at + SENT_COUNT] = sentCount;
        r[at + SENT_CHAIN] = sentChain;
        r[at + SENT_AMOUNT] = sentAmount;
        r[at + RECV_COUNT] = recvCount;
        r[at + RECV_CHAIN] = recvChain;
        r[at + RECV_AMOUNT] = recvAmount;
        ledger.sentTotal += sentCount;
        ledger.recvTotal += recvCount;
      }
      return this;
    }

    @Override
    public void accept(int peer, int sentCount, long sentChain, long sentAmount, int recvCount,
        long recvChain, long recvAmount) {
      peer(peer, sentCount, sentChain, sentAmount, recvCount, recvChain, recvAmount);
    }

    public Ledger build() {
      Ledger l = ledger;
      ledger = null; // a built ledger is the guest's own: no more records through here
      return l;
    }
  }

  /** Hands every record to {@code out}, peers ascending (the peers of {@link #touched()}). */
  public void forEachPeer(PeerRecord out) {
    for (int p : touched()) {
      int at = row(p);
      out.accept(p, (int) rows[at + SENT_COUNT], rows[at + SENT_CHAIN], rows[at + SENT_AMOUNT],
          (int) rows[at + RECV_COUNT], rows[at + RECV_CHAIN], rows[at + RECV_AMOUNT]);
    }
  }

  public Ledger copy() {
    Ledger l = new Ledger(vms);
    l.rowOf = rowOf.copy();
    l.rows = java.util.Arrays.copyOf(rows, FIELDS * rowCount);
    l.rowCount = rowCount;
    l.sentTotal = sentTotal;
    l.recvTotal = recvTotal;
    return l;
  }

  /** Where {@code peer}'s row starts in {@code rows}, or -1 if it has none. */
  private int row(int peer) {
    return rowOf.get(peer);
  }

  /** {@code peer}'s row, made (all zero) if it has none. */
  private int record(int peer) {
    int at = row(peer);
    if (at >= 0) {
      return at;
    }
    if (FIELDS * (rowCount + 1) > rows.length) {
      rows = java.util.Arrays.copyOf(rows, Math.max(FIELDS * 4, 2 * rows.length));
    }
    at = FIELDS * rowCount++;
    rowOf.put(peer, at);
    return at;
  }

  private long read(int peer, int field) {
    int at = row(peer);
    return at < 0 ? 0 : rows[at + field];
  }

  void sent(int peer, long payload, long amount) {
    int at = record(peer);
    rows[at + SENT_COUNT]++;
    sentTotal++;
    rows[at + SENT_CHAIN] = Digests.mix(rows[at + SENT_CHAIN], payload);
    rows[at + SENT_AMOUNT] += amount;
  }

  void received(int peer, long payload, long amount) {
    int at = record(peer);
    rows[at + RECV_COUNT]++;
    recvTotal++;
    rows[at + RECV_CHAIN] = Digests.mix(rows[at + RECV_CHAIN], payload);
    rows[at + RECV_AMOUNT] += amount;
  }

  public int sentCount(int peer) {
    return (int) read(peer, SENT_COUNT);
  }

  public long sentChain(int peer) {
    return read(peer, SENT_CHAIN);
  }

  public long sentAmount(int peer) {
    return read(peer, SENT_AMOUNT);
  }

  public int recvCount(int peer) {
    return (int) read(peer, RECV_COUNT);
  }

  public long recvChain(int peer) {
    return read(peer, RECV_CHAIN);
  }

  public long recvAmount(int peer) {
    return read(peer, RECV_AMOUNT);
  }

  /** How many VMs the ledger spans (peers 0..peers()-1), touched or not. */
  public int peers() {
    return vms;
  }

  /** The peers this guest sent to or received from, ascending: every other peer reads as 0. */
  public int[] touched() {
    long[] peers = rowOf.keys();
    int[] out = new int[peers.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) peers[i];
    }
    return out;
  }

  /** Messages sent plus messages received, over all peers. */
  public long messages() {
    return sentTotal + recvTotal;
  }

  /** Messages sent, over all peers. */
  public long sentTotal() {
    return sentTotal;
  }

  /** Messages received, over all peers. */
  public long receivedTotal() {
    return recvTotal;
  }

  /** Money sent minus money received, over all peers. */
  public long netAmountSent() {
    long n = 0;
    for (int at = 0; at < FIELDS * rowCount; at += FIELDS) {
      n += rows[at + SENT_AMOUNT] - rows[at + RECV_AMOUNT];
    }
    return n;
  }

  /** Equal counts and chains with every peer (a peer absent from one reads as zero there). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Ledger l && covers(l) && l.covers(this);
  }

  private boolean covers(Ledger l) {
    for (int p : touched()) {
      if (sentCount(p) != l.sentCount(p) || sentChain(p) != l.sentChain(p)
          || recvCount(p) != l.recvCount(p) || recvChain(p) != l.recvChain(p)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 0; // a sum over peers: independent of the table's order; zero chains add nothing
    for (int p : touched()) {
      h += (p * 0x9E3779B9 | 1) * (Long.hashCode(sentChain(p)) * 31 + Long.hashCode(recvChain(p)));
    }
    return h;
  }
}
