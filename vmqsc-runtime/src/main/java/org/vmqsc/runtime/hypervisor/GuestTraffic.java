package org.vmqsc.runtime.hypervisor;

import java.util.SplittableRandom;
import org.vmqsc.core.model.TimerFire;

/**
 * The guests' Poisson traffic on one host, as timer firings (D9): VM v fires at the sum of its
 * per-peer rates; each firing picks a peer by weight and a random draw, which the core logs as
 * the determinant. The runtime's counterpart of the simulator's traffic model.
 */
final class GuestTraffic {
  private final double[][] peerRates;
  private final double[] total;

  GuestTraffic(double[][] peerRates) {
    this.peerRates = peerRates;
    this.total = new double[peerRates.length];
    for (int v = 0; v < peerRates.length; v++) {
      for (double r : peerRates[v]) {
        total[v] += r;
      }
    }
  }

  boolean sends(int vm) {
    return total[vm] > 0;
  }

  /** Milliseconds to the VM's next firing (exponential gap). */
  long nextGapMillis(int vm, SplittableRandom rnd) {
    double gap = -Math.log(1 - rnd.nextDouble()) / total[vm] * 1000;
    return Math.max(1, Math.round(gap));
  }

  /** The environment's choice at a firing: the peer by weight, and a draw. */
  TimerFire fire(int vm, SplittableRandom rnd) {
    double pick = rnd.nextDouble() * total[vm];
    int peer = -1;
    for (int p = 0; p < peerRates[vm].length; p++) {
      if (peerRates[vm][p] <= 0) {
        continue;
      }
      peer = p;
      if (pick < peerRates[vm][p]) {
        break;
      }
      pick -= peerRates[vm][p];
    }
    return new TimerFire(peer, rnd.nextLong());
  }
}
