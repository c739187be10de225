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

  public Ledger(int vms) {
    this(vms, new IntMap<>());
  }

  private Ledger(int vms, IntMap<long[]> byPeer) {
    this.vms = vms;
    this.byPeer = byPeer;
  }

  /**
   * A ledger with exactly these per-peer records, as read back from a checkpoint on stable storage
   * (all six arrays have one slot per VM). Only peers with a non-zero slot get a record.
   */
  public static Ledger restore(int[] sentCount, long[] sentChain, long[] sentAmount,
      int[] recvCount, long[] recvChain, long[] recvAmount) {
    int n = sentCount.length;
    if (sentChain.length != n || sentAmount.length != n || recvCount.length != n
        || recvChain.length != n || recvAmount.length != n) {
      throw new IllegalArgumentException("ledger arrays differ in length");
    }
    Ledger l = new Ledger(n);
    for (int p = 0; p < n; p++) {
      long[] r = {sentCount[p], sentChain[p], sentAmount[p], recvCount[p], recvChain[p],
          recvAmount[p]};
      if (sentCount[p] != 0 || sentChain[p] != 0 || sentAmount[p] != 0 || recvCount[p] != 0
          || recvChain[p] != 0 || recvAmount[p] != 0) {
        l.byPeer.put(p, r);
      }
    }
    return l;
  }

  public Ledger copy() {
    return new Ledger(vms, byPeer.copy(long[]::clone));
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
    r[SENT_CHAIN] = Digests.mix(r[SENT_CHAIN], payload);
    r[SENT_AMOUNT] += amount;
  }

  void received(int peer, long payload, long amount) {
    long[] r = record(peer);
    r[RECV_COUNT]++;
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
    long n = 0;
    for (int p : byPeer.keys()) {
      long[] r = byPeer.get(p);
      n += r[SENT_COUNT] + r[RECV_COUNT];
    }
    return n;
  }

  /** Money sent minus money received, over all peers. */
  public long netAmountSent() {
    long n = 0;
    for (int p : byPeer.keys()) {
      long[] r = byPeer.get(p);
      n += r[SENT_AMOUNT] - r[RECV_AMOUNT];
    }
    return n;
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
