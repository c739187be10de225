package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HumanTest {
  @Test
  void bytesUseBinaryUnits() {
    assertThat(Human.bytes(0)).isEqualTo("0 B");
    assertThat(Human.bytes(1023)).isEqualTo("1023 B");
    assertThat(Human.bytes(1536)).isEqualTo("1.50 KiB");
    assertThat(Human.bytes(64L << 20)).isEqualTo("64.00 MiB");
    assertThat(Human.bytes(Long.MAX_VALUE)).isEqualTo("8.00 EiB");
  }

  @Test
  void millisShowTheLargestUsefulUnits() {
    assertThat(Human.millis(250)).isEqualTo("0.250s");
    assertThat(Human.millis(3_050_000)).isEqualTo("50m 50.000s");
    assertThat(Human.millis(3_723_500)).isEqualTo("1h 02m 03.500s");
  }
}
