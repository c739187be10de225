package org.vmqsc.runtime.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Timer firings follow the per-peer rates and never address a VM with rate 0. */
class GuestTrafficTest {
  @Test
  void picksPeersByWeight() {
    GuestTraffic t = new GuestTraffic(new double[][] {{0, 1, 3}, {0, 0, 0}, {1, 0, 0}});
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
}
