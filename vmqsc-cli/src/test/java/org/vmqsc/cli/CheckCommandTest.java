package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class CheckCommandTest {
  @Test
  void paperFig2SurvivesRandomFailures() throws Exception {
    CliRun run = CliRun.of("check", "--scenario", "paper-fig2", "--runs", "20", "--json");

    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(json.path("runs").asInt()).isEqualTo(20);
    assertThat(json.path("violations").asLong()).isZero();
    assertThat(json.path("hostFailures").asLong()).isPositive();
    assertThat(json.path("vmFailures").asLong()).isPositive();
    assertThat(json.path("hostFailuresWithPendingWrites").isNumber()).isTrue();
    assertThat(json.path("recoveriesRelocated").asLong()).as("fig2 restarts in place").isZero();
    assertThat(json.path("recoveriesFellBack").asLong()).as("no damage in fig2").isZero();
    assertThat(json.path("failingSeeds").isArray()).isTrue();
    assertThat(json.path("failingSeeds")).isEmpty();
  }

  @Test
  void textReportCountsRunsAndFailures() {
    CliRun run = CliRun.of("check", "--scenario", "paper-fig2", "--runs", "2", "--seed", "100");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("seeds 100..101")
        .containsPattern("runs +2")
        .containsPattern("host failures +\\d+ \\(\\d+ with lazy writes pending\\)")
        .containsPattern("violations +0");
  }

  /** Control messages at once (the paper's model): still safe, and a host recovery is quicker. */
  @Test
  void controlMessagesAtOnce() throws Exception {
    CliRun check = CliRun.of("check", "--scenario", "paper-fig2", "--runs", "4",
        "--control-delay", "instant", "--json");
    assertThat(check.exitCode()).as(check.out()).isZero();
    assertThat(new ObjectMapper().readTree(check.out()).path("hostFailures").asLong())
        .isPositive();

    double instant = meanRecoveryMillis(CliRun.of("simulate", "--scenario", "paper-fig2",
        "--control-delay", "instant", "--json"));
    double network = meanRecoveryMillis(CliRun.of("simulate", "--scenario", "paper-fig2",
        "--json"));
    assertThat(network).isGreaterThan(instant);
  }

  private static double meanRecoveryMillis(CliRun run) throws Exception {
    assertThat(run.exitCode()).as(run.out()).isZero();
    return new ObjectMapper().readTree(run.out()).path("meanRecoveryMillis").asDouble();
  }
}
