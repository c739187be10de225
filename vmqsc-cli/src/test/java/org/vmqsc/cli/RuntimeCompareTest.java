package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code compare --runtime}: the simulator and real processes on one setting, row by row. */
class RuntimeCompareTest {
  @Test
  void vmqscOnRealProcessesIsMeasuredBesideTheSimulator() {
    CliRun run = CliRun.of("compare", "--scenario", "paper-fig2", "--runtime", "--protocols",
        "vmqsc", "--period", "500ms", "--traffic-time", "4s", "--memory-image", "64KiB");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String[]> rows = run.out().lines().filter(l -> l.startsWith("vmqsc "))
        .map(l -> l.trim().split("\\s+")).toList();
    assertThat(rows).extracting(r -> r[1]).containsExactly("simulator", "runtime");
    String[] runtime = rows.get(1);
    assertThat(Long.parseLong(runtime[2])).as("messages the guests received").isPositive();
    assertThat(Double.parseDouble(runtime[3])).as("eta: the MI VMs logged by R6").isPositive();
    assertThat(Double.parseDouble(runtime[7])).as("basic checkpoints per VM-hour").isPositive();
    assertThat(Double.parseDouble(runtime[10])).as("bytes made durable per VM-hour")
        .isPositive();
  }

  @Test
  void aPeriodThatIsNotADurationIsBadInput() {
    CliRun run = CliRun.of("compare", "--scenario", "paper-fig2", "--runtime", "--period", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).contains("--period").contains("e.g. 10s");
  }
}
