package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@code vmqsc check --random-worlds N} and {@code --break RULE}, as a researcher uses them. */
class RandomWorldsCheckTest {
  @Test
  void generatedWorldsPassWithEveryRuleOn() throws Exception {
    CliRun run = CliRun.of("check", "--random-worlds", "12", "--seed", "1", "--json");

    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(json.path("randomWorlds").asInt()).isEqualTo(12);
    assertThat(json.path("hostFailures").asLong()).isGreaterThanOrEqualTo(12);
    assertThat(json.path("hostRecoveries").asLong()).isPositive();
    assertThat(json.path("violations").asLong()).isZero();
    assertThat(json.path("violationsByProperty").size()).isZero();
  }

  /**
   * The durable line without its unacknowledged-send term (D2) loses a message in one of the
   * first worlds; the report says which world, and its command replays exactly that world.
   */
  @Test
  void aBrokenRuleIsCaughtAndTheFailingWorldReplaysAlone() {
    CliRun run = CliRun.of("check", "--random-worlds", "150", "--seed", "1", "--break",
        "unacked-term");

    assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
    assertThat(run.out()).containsPattern("random worlds +150, seeds 1..150")
        .containsPattern("broken rules +unacked-term")
        .containsPattern("\n  P2 +\\d+");
    String replay = run.out().lines().filter(l -> l.startsWith("reproduce: ./vmqsc check "))
        .findFirst().orElseThrow();
    assertThat(replay).contains("--random-worlds 1", "--break unacked-term", "--seed ");

    String[] args = replay.substring("reproduce: ./vmqsc ".length()).split(" ");
    CliRun again = CliRun.of(args);
    assertThat(again.exitCode()).as(again.out()).isEqualTo(1);
    assertThat(again.out()).containsPattern("failing worlds +1: seeds \\["
        + args[Arrays.asList(args).indexOf("--seed") + 1] + "\\]");
  }

  @Test
  void anUnknownRuleIsRefusedInOneLineNamingTheKnownOnes() {
    CliRun run = CliRun.of("check", "--random-worlds", "1", "--break", "R5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines().get(0)).contains("--break: unknown rule 'R5'", "R3", "R6", "R7",
        "R8", "duplicate-suppression", "orphan-filter", "unacked-term", "pending-r8-term");
  }

  @Test
  void onlyVmqscRulesCanBeBroken() {
    CliRun run = CliRun.of("simulate", "--scenario", "paper-fig2", "--protocol", "coordinated",
        "--break", "R8");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines().get(0)).contains("--break", "VM_QSC", "coordinated");
  }

  @Test
  void randomWorldsRefuseAProtocolThatRecoversNothing() {
    CliRun run = CliRun.of("check", "--random-worlds", "2", "--protocol", "none");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).contains("--random-worlds", "none");
  }

  @Test
  void checkNeedsAScenarioOrRandomWorlds() {
    CliRun run = CliRun.of("check", "--runs", "3");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines().get(0)).contains("--scenario", "--random-worlds");
  }

  @Test
  void simulateSaysWhichRulesItBroke() {
    CliRun run = CliRun.of("simulate", "--scenario", "paper-fig2", "--break", "r8",
        "--break", "pending-r8-term");

    assertThat(run.exitCode()).isIn(0, 1);
    assertThat(run.out()).containsPattern("broken rules +r8, pending-r8-term");
  }
}
