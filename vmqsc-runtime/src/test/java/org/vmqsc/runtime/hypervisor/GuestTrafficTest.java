package org.vmqsc.runtime.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.vmqsc.runtime.cluster.PeerRates;

/** Timer firings follow the per-peer rates and never address a VM with rate 0. */
class GuestTrafficTest {
  @Test
  void picksPeersByWeight() {
    GuestTraffic t = new GuestTraffic(PeerRates.builder(3).add(0, 1, 1).add(0, 2, 3)
        .add(2, 0, 1).build());
    assertThat(t.sends(1)).isFalse();
    SplittableRandom rnd = new SplittableRandom(1);
    int[] hits = new int[3];
    double gaps = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      hits[t.fire(0, rnd).peer()]++;
      gaps += t.nextGapMillis(0, rnd);
    }
    assertThat(hits[0]).isZero();
    assertThat(hits[2] / (double) n).isBetween(0.72, 0.78);
    assertThat(gaps / n).isBetween(235.0, 265.0); // total rate 4/s: mean gap 250 ms
    assertThat(t.fire(2, rnd).peer()).isZero();
  }

  /**
   * The sparse rates draw exactly what the dense matrix drew (the same peers for the same random
   * numbers): a cluster's traffic is the same as before for the same seed.
   */
  @Test
  void sparseRatesPickWhatTheDenseMatrixPicked() {
    SplittableRandom build = new SplittableRandom(5);
    int n = 40;
    double[][] dense = new double[n][n];
    PeerRates.Builder sparse = PeerRates.builder(n);
    for (int v = 0; v < n; v++) {
      for (int k = 0; k < 6; k++) {
        int peer = build.nextInt(n);
        double part = 0.1 + build.nextDouble();
        dense[v][peer] += part; // the same parts, summed the same way, both sides
        sparse.add(v, peer, part);
      }
    }
    GuestTraffic t = new GuestTraffic(sparse.build());
    SplittableRandom a = new SplittableRandom(9);
    SplittableRandom b = new SplittableRandom(9);
    for (int i = 0; i < 20_000; i++) {
      int vm = i % n;
      assertThat(t.fire(vm, a).peer()).isEqualTo(densePick(dense[vm], b));
      b.nextLong(); // the draw fire() takes after the pick
    }
  }

  /** The pick as GuestTraffic made it over a dense row before the rates were sparse. */
  private static int densePick(double[] row, SplittableRandom rnd) {
    double total = 0;
    for (double r : row) {
      total += r;
    }
    double pick = rnd.nextDouble() * total;
    int peer = -1;
    for (int p = 0; p < row.length; p++) {
      if (row[p] <= 0) {
        continue;
      }
      peer = p;
      if (pick < row[p]) {
        break;
      }
      pick -= row[p];
    }
    return peer;
  }
}
