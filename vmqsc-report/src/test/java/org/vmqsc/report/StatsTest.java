package org.vmqsc.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void meanAndStudentTIntervalOfAKnownSample() {
    // mean 3, sample sd sqrt(2.5), t(0.975, 4) = 2.776445: half-width 2.776445 * sqrt(2.5/5)
    Stats s = Stats.of(1, 2, 3, 4, 5);

    assertThat(s.n()).isEqualTo(5);
    assertThat(s.mean()).isEqualTo(3.0);
    assertThat(s.sum()).isEqualTo(15.0);
    assertThat(s.ci95()).isCloseTo(1.963243161, within(1e-6));
  }

  @Test
  void twoValuesUseTheWideTwelvePointSevenQuantile() {
    Stats s = Stats.of(10, 12);

    assertThat(s.mean()).isEqualTo(11.0);
    // sd = sqrt(2), se = 1: the half-width is t(0.975, 1) itself
    assertThat(s.ci95()).isCloseTo(12.706205, within(1e-6));
  }

  @Test
  void oneValueOrNoSpreadHasAZeroInterval() {
    assertThat(Stats.of(42.5)).isEqualTo(new Stats(1, 42.5, 0, 42.5));
    // 0.1 three times: a rounding-level spread must not show as "± 0.000"
    assertThat(Stats.of(0.1, 0.1, 0.1).ci95()).isZero();
    assertThat(Stats.of(0.1, 0.1, 0.1).mean()).isEqualTo(0.1);
  }

  @Test
  void quantilesPastTheTableFollowTheCornishFisherExpansion() {
    assertThat(Stats.t975(30)).isEqualTo(2.042272);
    assertThat(Stats.t975(31)).isCloseTo(2.039513446, within(1e-7));
    assertThat(Stats.t975(100)).isCloseTo(1.983971519, within(1e-7));
    assertThat(Stats.t975(100_000)).isCloseTo(1.959963985, within(1e-4));
  }

  @Test
  void emptySampleIsRefused() {
    assertThatThrownBy(Stats::of).isInstanceOf(IllegalArgumentException.class);
  }
}
