package org.vmqsc.report.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimeAxisTest {
  @Test
  void linearMapsTheWindowOntoThePlot() {
    TimeAxis a = TimeAxis.linear(10_000, 20_000, 100, 1100);

    assertThat(a.x(10_000)).isCloseTo(100, within(1e-9));
    assertThat(a.x(15_000)).isCloseTo(600, within(1e-9));
    assertThat(a.x(20_000)).isCloseTo(1100, within(1e-9));
    assertThat(a.spans()).isEmpty();
    assertThat(a.gain()).isEqualTo(1);
  }

  @Test
  void stretchedWidensEveryBoundaryAndStaysMonotonic() {
    TimeAxis a = TimeAxis.stretched(0, 35_000, 100, 1300, 10_000, 100);

    assertThat(a.spans()).extracting(TimeAxis.Span::centreMillis)
        .containsExactly(10_000L, 20_000L, 30_000L);
    assertThat(a.x(0)).isCloseTo(100, within(1e-6));
    assertThat(a.x(35_000)).isCloseTo(1300, within(1e-6));
    // 30 ms of clock skew at a boundary is many pixels; 30 ms elsewhere is about one.
    assertThat(a.x(10_030) - a.x(10_000)).isGreaterThan(15);
    assertThat(a.x(5_030) - a.x(5_000)).isLessThan(1.5);
    assertThat(a.gain()).isGreaterThan(10);
    double last = Double.NEGATIVE_INFINITY;
    for (long t = 0; t <= 35_000; t += 7) {
      assertThat(a.x(t)).isGreaterThanOrEqualTo(last);
      last = a.x(t);
    }
  }

  @Test
  void tooManyBoundariesFallBackToLinear() {
    TimeAxis a = TimeAxis.stretched(0, 600_000, 100, 1300, 10_000, 100);

    assertThat(a.spans()).isEmpty();
    assertThat(a.x(300_000)).isCloseTo(700, within(1e-6));
  }

  @Test
  void niceRadii() {
    assertThat(Stretch.nice(1)).isEqualTo(1);
    assertThat(Stretch.nice(3)).isEqualTo(5);
    assertThat(Stretch.nice(51)).isEqualTo(100);
    assertThat(Stretch.nice(130)).isEqualTo(200);
  }
}
