package org.vmqsc.core.guest;

import java.util.Arrays;

/**
 * A guest's own record, per peer, of what it sent and received: counts, a hash chain of payloads
 * and money moved. It is part of the guest's state (checkpointed and restored with it), so after
 * any recovery the oracle can compare what each receiver's state holds with what each sender's
 * state says it sent, without trusting the protocol's bookkeeping.
 */
public final class Ledger {
  final int[] sentCount;
  final long[] sentChain;
  final long[] sentAmount;
  final int[] recvCount;
  final long[] recvChain;
  final long[] recvAmount;

  public Ledger(int vms) {
    sentCount = new int[vms];
    sentChain = new long[vms];
    sentAmount = new long[vms];
    recvCount = new int[vms];
    recvChain = new long[vms];
    recvAmount = new long[vms];
  }

  private Ledger(Ledger o) {
    sentCount = o.sentCount.clone();
    sentChain = o.sentChain.clone();
    sentAmount = o.sentAmount.clone();
    recvCount = o.recvCount.clone();
    recvChain = o.recvChain.clone();
    recvAmount = o.recvAmount.clone();
  }

  private Ledger(int[] sentCount, long[] sentChain, long[] sentAmount, int[] recvCount,
      long[] recvChain, long[] recvAmount) {
    this.sentCount = sentCount;
    this.sentChain = sentChain;
    this.sentAmount = sentAmount;
    this.recvCount = recvCount;
    this.recvChain = recvChain;
    this.recvAmount = recvAmount;
  }

  /**
   * A ledger with exactly these per-peer records (copied), as read back from a checkpoint on
   * stable storage. All six arrays have one slot per VM.
   */
  public static Ledger restore(int[] sentCount, long[] sentChain, long[] sentAmount,
      int[] recvCount, long[] recvChain, long[] recvAmount) {
    int n = sentCount.length;
    if (sentChain.length != n || sentAmount.length != n || recvCount.length != n
        || recvChain.length != n || recvAmount.length != n) {
      throw new IllegalArgumentException("ledger arrays differ in length");
    }
    return new Ledger(sentCount.clone(), sentChain.clone(), sentAmount.clone(), recvCount.clone(),
        recvChain.clone(), recvAmount.clone());
  }

  public Ledger copy() {
    return new Ledger(this);
  }

  void sent(int peer, long payload, long amount) {
    sentCount[peer]++;
    sentChain[peer] = Digests.mix(sentChain[peer], payload);
    sentAmount[peer] += amount;
  }

  void received(int peer, long payload, long amount) {
    recvCount[peer]++;
    recvChain[peer] = Digests.mix(recvChain[peer], payload);
    recvAmount[peer] += amount;
  }

  public int sentCount(int peer) {
    return sentCount[peer];
  }

  public long sentChain(int peer) {
    return sentChain[peer];
  }

  public long sentAmount(int peer) {
    return sentAmount[peer];
  }

  public int recvCount(int peer) {
    return recvCount[peer];
  }

  public long recvChain(int peer) {
    return recvChain[peer];
  }

  public long recvAmount(int peer) {
    return recvAmount[peer];
  }

  public int peers() {
    return sentCount.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ledger l && Arrays.equals(sentCount, l.sentCount)
        && Arrays.equals(sentChain, l.sentChain) && Arrays.equals(recvCount, l.recvCount)
        && Arrays.equals(recvChain, l.recvChain);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sentChain) * 31 + Arrays.hashCode(recvChain);
  }
}
