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

  /**
   * The baselines run as their own roles on real processes: coordinated checkpointing takes its
   * rounds there, and none sends no control message at all (it once ran inside VM_QSC's node and
   * sent VM_QSC's reports and announcements).
   */
  @Test
  void baselinesRunTheirOwnControlPlaneOnRealProcesses() {
    CliRun run = CliRun.of("compare", "--scenario", "paper-fig2", "--runtime", "--protocols",
        "coordinated,none", "--period", "500ms", "--traffic-time", "4s", "--memory-image",
        "64KiB");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String[]> rows = run.out().lines().filter(l -> l.matches("(coordinated|none) .*"))
        .map(l -> l.trim().split("\\s+")).toList();
    assertThat(rows).extracting(r -> r[0] + " " + r[1]).containsExactly(
        "coordinated simulator", "coordinated runtime", "none simulator", "none runtime");
    assertThat(Double.parseDouble(rows.get(1)[7])).as("coordinated rounds per VM-hour")
        .isPositive();
    assertThat(Long.parseLong(rows.get(3)[2])).as("none's guests delivered").isPositive();
    assertThat(Double.parseDouble(rows.get(3)[9])).as("none's control messages").isZero();
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
