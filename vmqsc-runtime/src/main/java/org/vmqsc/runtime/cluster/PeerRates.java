package org.vmqsc.runtime.cluster;

import java.util.Arrays;

/**
 * Per VM, the messages per second it sends to each of its peers (the guests' Poisson traffic):
 * only the peers it sends to at a positive rate, ascending. A VM that talks to ten peers of 1,000
 * holds ten entries; the dense {@code double[vms][vms]} it replaces was 8 MB at 1,000 VMs in
 * every process of a cluster, and grew with the square of the VM count.
 */
public final class PeerRates {
  private static final int[] NO_PEERS = new int[0];
  private static final double[] NO_RATES = new double[0];

  private final int[][] peers;
  private final double[][] rates;

  private PeerRates(int[][] peers, double[][] rates) {
    this.peers = peers;
    this.rates = rates;
  }

  /** No traffic at all among {@code vms} VMs (a cluster driven by hand). */
  public static PeerRates none(int vms) {
    return builder(vms).build();
  }

  /** A builder for {@code vms} VMs; rates come sender by sender, senders ascending. */
  public static Builder builder(int vms) {
    return new Builder(vms);
  }

  /** How many VMs the rates are for. */
  public int vms() {
    return peers.length;
  }

  /** The VMs {@code vm} sends to, ascending (do not modify). */
  public int[] peersOf(int vm) {
    return peers[vm];
  }

  /** {@code vm}'s rate to each of {@link #peersOf}, in the same order (do not modify). */
  public double[] ratesOf(int vm) {
    return rates[vm];
  }

  /** Messages per second {@code vm} sends to {@code peer}; 0 when none. */
  public double rate(int vm, int peer) {
    int i = Arrays.binarySearch(peers[vm], peer);
    return i < 0 ? 0 : rates[vm][i];
  }

  /** Entries held over all VMs: the pairs that carry traffic. */
  public long pairs() {
    long n = 0;
    for (int[] p : peers) {
      n += p.length;
    }
    return n;
  }

  /**
   * Sums the parts of each pair's rate in the order they come, as {@code dense[a][b] += r} would
   * (the very same doubles). One sender's parts must all come before the next sender's: a
   * scratch row of the sender being built is all it holds besides the result.
   */
  public static final class Builder {
    private final int[][] peers;
    private final double[][] rates;
    private final double[] row;
    private final int[] touched;
    private final boolean[] marked;
    private int touchedCount;
    private int sender = -1;

    private Builder(int vms) {
      this.peers = new int[vms][];
      this.rates = new double[vms][];
      this.row = new double[vms];
      this.touched = new int[vms];
      this.marked = new boolean[vms];
    }

    public Builder add(int from, int to, double perSecond) {
      if (from < sender || from >= peers.length || to < 0 || to >= peers.length) {
        throw new IllegalArgumentException("rate " + from + " -> " + to + " out of order or "
            + "range (" + peers.length + " VMs)");
      }
      if (from != sender) {
        flush();
        sender = from;
      }
      if (!marked[to]) {
        marked[to] = true;
        touched[touchedCount++] = to;
      }
      row[to] += perSecond;
      return this;
    }

    private void flush() {
      if (sender < 0) {
        return;
      }
      Arrays.sort(touched, 0, touchedCount);
      int n = 0;
      for (int i = 0; i < touchedCount; i++) {
        if (row[touched[i]] > 0) {
          n++;
        }
      }
      int[] p = new int[n];
      double[] r = new double[n];
      int j = 0;
      for (int i = 0; i < touchedCount; i++) {
        int to = touched[i];
        if (row[to] > 0) {
          p[j] = to;
          r[j++] = row[to];
        }
        row[to] = 0;
        marked[to] = false;
      }
      peers[sender] = p;
      rates[sender] = r;
      touchedCount = 0;
    }

    public PeerRates build() {
      flush();
      sender = peers.length; // built: no more parts
      for (int v = 0; v < peers.length; v++) {
        if (peers[v] == null) {
          peers[v] = NO_PEERS;
          rates[v] = NO_RATES;
        }
      }
      return new PeerRates(peers, rates);
    }
  }
}
