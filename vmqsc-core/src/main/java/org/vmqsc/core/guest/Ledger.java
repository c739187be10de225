package org.vmqsc.core.guest;

import org.vmqsc.core.util.IntMap;

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
  // One long[] per touched peer: sent count, chain, amount, then received count, chain, amount.
  private static final int SENT_COUNT = 0;
  private static final int SENT_CHAIN = 1;
  private static final int SENT_AMOUNT = 2;
  private static final int RECV_COUNT = 3;
  private static final int RECV_CHAIN = 4;
  private static final int RECV_AMOUNT = 5;
  private static final long[] NONE = new long[6];

  /** The number of VMs, so that the dense accessors and the wire form keep their size. */
  private final int vms;
  private final IntMap<long[]> byPeer;
  /** Messages sent and received over all peers: a check over the whole cloud reads these first. */
  private long sentTotal;
  private long recvTotal;

  public Ledger(int vms) {
    this(vms, new IntMap<>());
  }

  private Ledger(int vms, IntMap<long[]> byPeer) {
    this.vms = vms;
    this.byPeer = byPeer;
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
      if (ledger.byPeer.containsKey(peer)) {
        throw new IllegalArgumentException("peer " + peer + " recorded twice");
      }
      if (sentCount != 0 || sentChain != 0 || sentAmount != 0 || recvCount != 0
          || recvChain != 0 || recvAmount != 0) {
        ledger.byPeer.put(peer, new long[] {sentCount, sentChain, sentAmount, recvCount,
            recvChain, recvAmount});
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
    for (int p : byPeer.keys()) {
      long[] r = byPeer.get(p);
      out.accept(p, (int) r[SENT_COUNT], r[SENT_CHAIN], r[SENT_AMOUNT], (int) r[RECV_COUNT],
          r[RECV_CHAIN], r[RECV_AMOUNT]);
    }
  }

  public Ledger copy() {
    Ledger l = new Ledger(vms, byPeer.copy(long[]::clone));
    l.sentTotal = sentTotal;
    l.recvTotal = recvTotal;
    return l;
  }

  private long[] record(int peer) {
    long[] r = byPeer.get(peer);
    if (r == null) {
      r = new long[6];
      byPeer.put(peer, r);
    }
    return r;
  }

  private long[] read(int peer) {
    long[] r = byPeer.get(peer);
    return r == null ? NONE : r;
  }

  void sent(int peer, long payload, long amount) {
    long[] r = record(peer);
    r[SENT_COUNT]++;
    sentTotal++;
    r[SENT_CHAIN] = Digests.mix(r[SENT_CHAIN], payload);
    r[SENT_AMOUNT] += amount;
  }

  void received(int peer, long payload, long amount) {
    long[] r = record(peer);
    r[RECV_COUNT]++;
    recvTotal++;
    r[RECV_CHAIN] = Digests.mix(r[RECV_CHAIN], payload);
    r[RECV_AMOUNT] += amount;
  }

  public int sentCount(int peer) {
    return (int) read(peer)[SENT_COUNT];
  }

  public long sentChain(int peer) {
    return read(peer)[SENT_CHAIN];
  }

  public long sentAmount(int peer) {
    return read(peer)[SENT_AMOUNT];
  }

  public int recvCount(int peer) {
    return (int) read(peer)[RECV_COUNT];
  }

  public long recvChain(int peer) {
    return read(peer)[RECV_CHAIN];
  }

  public long recvAmount(int peer) {
    return read(peer)[RECV_AMOUNT];
  }

  /** How many VMs the ledger spans (peers 0..peers()-1), touched or not. */
  public int peers() {
    return vms;
  }

  /** The peers this guest sent to or received from, ascending: every other peer reads as 0. */
  public int[] touched() {
    return byPeer.keys();
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
    long[] n = {0};
    byPeer.forEachValue(r -> n[0] += r[SENT_AMOUNT] - r[RECV_AMOUNT]);
    return n[0];
  }

  /** Equal counts and chains with every peer (a peer absent from one reads as zero there). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Ledger l && covers(l) && l.covers(this);
  }

  private boolean covers(Ledger l) {
    for (int p : byPeer.keys()) {
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
    for (int p : byPeer.keys()) {
      h += (p * 0x9E3779B9 | 1) * (Long.hashCode(sentChain(p)) * 31 + Long.hashCode(recvChain(p)));
    }
    return h;
  }
}
