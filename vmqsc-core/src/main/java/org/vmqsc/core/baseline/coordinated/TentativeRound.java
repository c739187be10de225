package org.vmqsc.core.baseline.coordinated;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One hypervisor's part of an open round x: from the REQUEST (checkpoints taken, sends blocked)
 * to the COMMIT or abort. It tracks when this host may ACK (all its round-x checkpoints durable)
 * and how much of each incoming channel's state of line x is durable.
 *
 * <p>For a receiver r and a sender s, {@code settled[r][s]} is the highest sequence number n such
 * that every message s→r up to n is either in r's round-x checkpoint or logged durably as channel
 * state. Channel-state records are written in receipt order, and a host's writes complete in
 * order, so it is enough to remember, for each record, its ticket and the (r, s, seq) it settles.
 */
final class TentativeRound {
  final int x;
  final long requestedAt;
  /** Sent counts per local sender VM at its round-x checkpoint, per destination VM. */
  final Map<Integer, int[]> sentBefore = new HashMap<>();
  final Map<Integer, int[]> settled = new HashMap<>();
  private final ArrayDeque<long[]> channelWrites = new ArrayDeque<>();
  private long checkpointTicket = -1;
  private boolean checkpointsDurable = true;
  private Map<Integer, List<Integer>> expected;
  boolean acked;
  boolean drained;

  TentativeRound(int x, long requestedAt) {
    this.x = x;
    this.requestedAt = requestedAt;
  }

  /** A VM's round-x checkpoint was staged under {@code ticket}. */
  void checkpointed(int vm, int[] sendSeq, int[] recvSeq, long ticket) {
    sentBefore.put(vm, sendSeq.clone());
    settled.put(vm, recvSeq.clone());
    checkpointTicket = Math.max(checkpointTicket, ticket);
    checkpointsDurable = false;
  }

  /** A message of line x's channel state s→r, sequence {@code seq}, was staged under
   * {@code ticket}: it settles the channel once that write is durable. */
  void channelLogged(int receiver, int sender, int seq, long ticket) {
    channelWrites.addLast(new long[] {ticket, receiver, sender, seq});
  }

  /** Channel state counted as settled without a record: only the deliberately broken variant. */
  void channelUnlogged(int receiver, int sender, int seq) {
    settle(receiver, sender, seq);
  }

  /** Every write of this host up to {@code ticket} is durable. */
  void durableThrough(long ticket) {
    if (ticket >= checkpointTicket) {
      checkpointsDurable = true;
    }
    while (!channelWrites.isEmpty() && channelWrites.peekFirst()[0] <= ticket) {
      long[] w = channelWrites.pollFirst();
      settle((int) w[1], (int) w[2], (int) w[3]);
    }
  }

  private void settle(int receiver, int sender, int seq) {
    int[] row = settled.get(receiver);
    row[sender] = Math.max(row[sender], seq);
  }

  boolean checkpointsDurable() {
    return checkpointsDurable;
  }

  /** The manager's EXPECT: what the senders had sent to this host's VMs before line x. */
  void expect(Map<Integer, List<Integer>> counts) {
    expected = counts;
  }

  boolean expecting() {
    return expected != null;
  }

  /** Every message sent to this host's VMs before line x is in a checkpoint or durably logged. */
  boolean channelStateComplete() {
    for (Map.Entry<Integer, List<Integer>> e : expected.entrySet()) {
      int[] have = settled.get(e.getKey());
      List<Integer> want = e.getValue();
      for (int s = 0; s < want.size(); s++) {
        if (have[s] < want.get(s)) {
          return false;
        }
      }
    }
    return true;
  }

  /** This host's ACK of round x, with the counts as they stand now. */
  CoordinatedMessage.Ack ack() {
    return new CoordinatedMessage.Ack(x, CoordinatedMessage.ofArrays(sentBefore),
        CoordinatedMessage.ofArrays(settled));
  }
}
