package org.vmqsc.core.baseline.pessimistic;

import java.util.HashMap;
import java.util.Map;

/**
 * Acknowledgements a receiving host owes to one sending host: per channel (sender VM, receiver
 * VM), the highest sequence number whose receipt is durable. Cumulative, so one entry a channel
 * suffices, and the whole batch travels as one control message a tick.
 */
public final class AckBatch {
  private Map<Long, Integer> channels = new HashMap<>();

  AckBatch() {}

  public static long channel(int from, int to) {
    return ((long) from << 32) | to;
  }

  public static int from(long channel) {
    return (int) (channel >>> 32);
  }

  public static int to(long channel) {
    return (int) channel;
  }

  void add(int from, int to, int seq) {
    channels.merge(channel(from, to), seq, Math::max);
  }

  boolean isEmpty() {
    return channels.isEmpty();
  }

  /** Hands over what was batched and starts a new batch. */
  Map<Long, Integer> take() {
    Map<Long, Integer> out = channels;
    channels = new HashMap<>();
    return out;
  }
}
