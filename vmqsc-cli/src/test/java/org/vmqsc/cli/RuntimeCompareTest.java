package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--period 1                  | --period: not a positive whole amount (use e.g. 10s",
      "--period 0s                 | --period: not a positive whole amount",
      "--traffic-time 1500ms       | --traffic-time: whole seconds",
      "--memory-image 64           | --memory-image: not a positive whole amount (use e.g. 64MiB",
      "--protocols nosuch          | --protocols: ",
      "--json                      | --json does not go with --runtime",
      "--seeds 3                   | --seeds does not go with --runtime"})
  void badInputIsOneLineAndExitTwoBeforeAnythingRuns(String args, String message) {
    List<String> argv = new java.util.ArrayList<>(
        List.of("compare", "--scenario", "paper-fig2", "--runtime"));
    argv.addAll(List.of(args.trim().split("\\s+")));
    CliRun run = CliRun.of(argv.toArray(new String[0]));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).contains(message.trim());
    assertThat(run.out()).isEmpty();
  }
}
