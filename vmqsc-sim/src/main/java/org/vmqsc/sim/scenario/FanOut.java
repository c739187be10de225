package org.vmqsc.sim.scenario;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

/**
 * Who talks to whom on a flow with {@code peers: k}: each sender gets k distinct VMs of the target
 * group (never itself), drawn uniformly at random and then fixed for the whole run. The draw
 * depends only on the scenario's seed and the flow's place in the scenario, from a generator of
 * its own, so a seed decides the peers and a scenario without fan-out draws nothing (its runs
 * stay exactly as they were).
 */
final class FanOut {
  /** Keeps the peers' generator apart from the run's other streams (seeded by the same seed). */
  private static final long SALT = 0xFA9_0C7L;

  private FanOut() {}

  /**
   * The peers of every sender of one flow, as one table: row {@code i} (entries {@code i·k ..
   * i·k+k-1}, sorted) holds the VM ids sender {@code firstSender + i} sends to.
   *
   * @param flowIndex the flow's position in the scenario's traffic list
   */
  static int[] peerTable(long seed, int flowIndex, int firstSender, int senders,
      int firstReceiver, int receivers, int k) {
    SplittableRandom rnd = new SplittableRandom(seed ^ SALT ^ (flowIndex * 0x9E3779B97F4A7C15L));
    int[] table = new int[Math.multiplyExact(senders, k)];
    BitSet chosen = new BitSet(receivers);
    int[] row = new int[k];
    for (int i = 0; i < senders; i++) {
      int sender = firstSender + i;
      boolean self = sender >= firstReceiver && sender < firstReceiver + receivers;
      int available = receivers - (self ? 1 : 0);
      sample(rnd, available, k, chosen, row);
      for (int j = 0; j < k; j++) {
        int to = firstReceiver + row[j];
        // the sender's own slot is skipped: indices at or past it move up by one
        table[i * k + j] = self && to >= sender ? to + 1 : to;
      }
      Arrays.sort(table, i * k, i * k + k);
    }
    return table;
  }

  /**
   * Floyd's algorithm: k distinct numbers from 0..n-1, every k-subset equally likely, in O(k)
   * draws. {@code chosen} is all clear on entry and on return.
   */
  private static void sample(SplittableRandom rnd, int n, int k, BitSet chosen, int[] out) {
    for (int j = n - k, m = 0; j < n; j++, m++) {
      int t = rnd.nextInt(j + 1);
      int pick = chosen.get(t) ? j : t;
      chosen.set(pick);
      out[m] = pick;
    }
    for (int m = 0; m < k; m++) {
      chosen.clear(out[m]);
    }
  }
}
