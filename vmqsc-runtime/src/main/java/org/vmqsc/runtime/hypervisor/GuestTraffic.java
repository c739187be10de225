package org.vmqsc.runtime.hypervisor;

import java.util.SplittableRandom;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.runtime.cluster.PeerRates;

/**
 * The guests' Poisson traffic on one host, as timer firings (D9): VM v fires at the sum of its
 * per-peer rates; each firing picks a peer by weight and a random draw, which the core logs as
 * the determinant. The runtime's counterpart of the simulator's traffic model. Reads only the
 * peers a VM sends to (ascending, as the dense matrix's non-zero entries were read), so the same
 * draws pick the same peers.
 */
final class GuestTraffic {
  private final PeerRates peerRates;
  private final double[] total;

  GuestTraffic(PeerRates peerRates) {
    this.peerRates = peerRates;
    this.total = new double[peerRates.vms()];
    for (int v = 0; v < total.length; v++) {
      for (double r : peerRates.ratesOf(v)) {
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
    int[] peers = peerRates.peersOf(vm);
    double[] rates = peerRates.ratesOf(vm);
    int peer = -1;
    for (int i = 0; i < peers.length; i++) {
      peer = peers[i];
      if (pick < rates[i]) {
        break;
      }
      pick -= rates[i];
    }
    return new TimerFire(peer, rnd.nextLong());
  }
}
