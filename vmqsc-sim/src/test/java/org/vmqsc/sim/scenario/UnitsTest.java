package org.vmqsc.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class UnitsTest {

  @Test
  void durations() {
    assertThat(Units.millis("250ms")).isEqualByComparingTo("250");
    assertThat(Units.millis("1.5s")).isEqualByComparingTo("1500");
    assertThat(Units.millis("2m")).isEqualByComparingTo("120000");
    assertThat(Units.millis("1h")).isEqualByComparingTo("3600000");
    assertThat(Units.millis("-5ms")).isEqualByComparingTo("-5");
    for (String bad : new String[] {"10", "ten", "10 s", "1.s", ".5s", "10sec", "10S", ""}) {
      assertThat(Units.millis(bad)).as(bad).isNull();
    }
  }

  @Test
  void sizesAndBandwidths() {
    assertThat(Units.bytes("512B")).isEqualByComparingTo("512");
    assertThat(Units.bytes("1KiB")).isEqualByComparingTo("1024");
    assertThat(Units.bytes("64MiB")).isEqualByComparingTo(BigDecimal.valueOf(64L << 20));
    assertThat(Units.bytes("2GiB")).isEqualByComparingTo(BigDecimal.valueOf(2L << 30));
    assertThat(Units.bytes("1KB")).isEqualByComparingTo("1000");
    assertThat(Units.bytes("200MB")).isEqualByComparingTo("200000000");
    assertThat(Units.bytes("1GB")).isEqualByComparingTo("1000000000");
    assertThat(Units.bytesPerSecond("200MB/s")).isEqualByComparingTo("200000000");
    assertThat(Units.bytes("-1B")).isNull();
    assertThat(Units.bytes("1K")).isNull();
    assertThat(Units.bytesPerSecond("200MB")).isNull();
  }
}
