package org.vmqsc.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** R2: each host ticks on its own drifting clock; a fast or early clock ticks first. */
class HostClockTest {
  @Test
  void aPerfectClockTicksOnTheBasePeriod() {
    HostClock c = new HostClock(0, 0, 10_000);
    assertThat(c.tickTime(1)).isEqualTo(10_000);
    assertThat(c.tickTime(30)).isEqualTo(300_000);
  }

  @Test
  void aClockAheadTicksEarlierAndAFastClockPullsFurtherAhead() {
    HostClock ahead = new HostClock(0, 30, 10_000);
    HostClock fast = new HostClock(2e-4, 0, 10_000);
    HostClock slow = new HostClock(-2e-4, 0, 10_000);
    assertThat(ahead.tickTime(1)).isEqualTo(9_970);
    assertThat(fast.tickTime(1)).isLessThan(10_000);
    assertThat(slow.tickTime(1)).isGreaterThan(10_000);
    // the skew grows with time: after 100 periods the two are 400 ms apart
    assertThat(slow.tickTime(100) - fast.tickTime(100)).isBetween(399L, 401L);
  }

  @Test
  void indexAtInvertsTickTime() {
    HostClock c = new HostClock(1e-4, 25, 10_000);
    for (int x = 1; x < 200; x++) {
      assertThat(c.indexAt(c.tickTime(x) + 1)).isEqualTo(x);
    }
  }
}
