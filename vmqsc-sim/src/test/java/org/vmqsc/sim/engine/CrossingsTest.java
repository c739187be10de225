package org.vmqsc.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The growing rings answer exactly as one full ring of {@link Crossings#WINDOW} slots per VM. */
class CrossingsTest {
  /** The simple form it replaces: a full ring per VM from the start (the old Metrics). */
  private static final class FullRing {
    final long[] at = new long[Crossings.WINDOW];
    final int[] index = new int[Crossings.WINDOW];

    void stand(int y, long t) {
      at[Math.floorMod(y, Crossings.WINDOW)] = t;
      index[Math.floorMod(y, Crossings.WINDOW)] = y;
    }

    long when(int y) {
      int slot = Math.floorMod(y, Crossings.WINDOW);
      return index[slot] == y ? at[slot] : -1;
    }
  }

  @Test
  void answersAsTheFullRingOverRandomRunsWithRollbacks() {
    for (long seed = 1; seed <= 40; seed++) {
      SplittableRandom rnd = new SplittableRandom(seed);
      Crossings small = new Crossings(1);
      FullRing full = new FullRing();
      int current = 0;
      long t = 0;
      for (int step = 0; step < 3000; step++) {
        t += 1 + rnd.nextInt(100);
        if (rnd.nextInt(10) == 0) { // a rollback, now and then a deep one
          int back = rnd.nextInt(20) == 0 ? rnd.nextInt(1200) : rnd.nextInt(4);
          current = Math.max(0, current - back);
          assertThat(small.when(0, current)).as("seed " + seed + " step " + step)
              .isEqualTo(full.when(current));
          small.stand(0, current, t);
          full.stand(current, t);
        } else { // crossing one or a few indices at once
          int to = current + 1 + (rnd.nextInt(8) == 0 ? rnd.nextInt(700) : 0);
          for (int y = Math.max(current + 1, to - Crossings.WINDOW + 1); y <= to; y++) {
            small.stand(0, y, t);
            full.stand(y, t);
          }
          current = to;
        }
        int probe = Math.max(0, current - rnd.nextInt(600));
        assertThat(small.when(0, probe)).as("seed " + seed + " step " + step + " probe " + probe)
            .isEqualTo(full.when(probe));
      }
    }
  }

  @Test
  void everyVmStandsAtIndexZeroAtTimeZeroUntilItMoves() {
    Crossings c = new Crossings(2);
    assertThat(c.when(1, 0)).isZero();
    assertThat(c.when(1, 1)).isEqualTo(-1);
    c.stand(1, 1, 10_000);
    assertThat(c.when(1, 1)).isEqualTo(10_000);
    assertThat(c.when(0, 1)).isEqualTo(-1);
  }
}
