package org.vmqsc.core.model;

/**
 * A message between two VMs as the hypervisor relays it. The sending hypervisor stamps every
 * field but the payload: sender and receiver (no guest can pose as another VM), the per-channel
 * sequence number (duplicate suppression, SPEC §5), the sender's index (R3) and incarnation (which
 * execution of the sender produced it, so that orphans from a rolled-back execution are
 * recognised). Immutable: the sender's hypervisor, the network and the receiver may all hold the
 * same object; whether it was delivered is the sender's bookkeeping ({@link Ack}).
 */
public final class Message implements Determinant {
  public final int from;
  public final int to;
  public final int seq;
  public final int senderIndex;
  public final int senderIncarnation;
  public final long payload;
  public final long amount;

  public Message(int from, int to, int seq, int senderIndex, int senderIncarnation, long payload,
      long amount) {
    this.from = from;
    this.to = to;
    this.seq = seq;
    this.senderIndex = senderIndex;
    this.senderIncarnation = senderIncarnation;
    this.payload = payload;
    this.amount = amount;
  }

  @Override
  public long logBytes(long messageBytes) {
    return messageBytes;
  }

  @Override
  public String toString() {
    return "m(" + from + "->" + to + " #" + seq + " idx" + senderIndex + " inc" + senderIncarnation
        + ")";
  }
}
