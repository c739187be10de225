package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.sim.Protocols;

class SimulateCommandTest {
  private static final List<String> NUMERIC_KEYS = List.of("deliveredMessages",
      "stableLoggedMessages", "stableLoggedR6", "stableLoggedR8", "eta", "etaR6", "etaR8",
      "etaAnalytic", "basicCheckpoints", "forcedCheckpoints", "controlMessages",
      "stableBytesWritten", "peakStableBytesHeld", "vmFailures", "hostFailures",
      "hostFailuresWithPendingWrites", "vmsRolledBack", "meanDurableLag", "violations",
      "simulatedMillis", "seed", "events");

  @Test
  void paperExampleJsonMatchesTheAnalyticEta() throws Exception {
    CliRun run = CliRun.of("simulate", "--scenario", "paper-example", "--json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    // Exactly one JSON value on stdout: readTree on a parser would ignore trailing content.
    ObjectMapper mapper = new ObjectMapper();
    var parser = mapper.createParser(run.out());
    JsonNode json = mapper.readTree(parser);
    assertThat(parser.nextToken()).as("anything after the object").isNull();
    assertThat(json.getNodeType()).isEqualTo(JsonNodeType.OBJECT);
    for (String key : NUMERIC_KEYS) {
      assertThat(json.path(key).isNumber()).as(key).isTrue();
    }
    assertThat(json.path("scenario").asText()).isEqualTo("paper-example");
    assertThat(json.path("violationDetails").isArray()).isTrue();

    assertThat(json.path("eta").asDouble()).isCloseTo(1.0 / 6, within(0.02 / 6));
    assertThat(Math.round(json.path("etaAnalytic").asDouble() * 10_000) / 10_000.0)
        .isEqualTo(0.1667);
    assertThat(json.path("violations").asLong()).isZero();
    assertThat(json.path("forcedCheckpoints").asLong()).isZero();
  }

  @Test
  void summaryShowsEtaPartsFailuresAndSeedOverride() {
    // paper-fig2 is small (4 VMs, 600 s) and has a VM and a host failure of its own.
    CliRun run = CliRun.of("simulate", "--scenario", "paper-fig2", "--seed", "7");

    assertThat(run.exitCode()).as(run.out()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("paper-fig2 (seed 7)")
        .containsPattern("eta +\\d\\.\\d{4} = R6 \\d\\.\\d{4} \\+ R8 \\d\\.\\d{4} .*analytic")
        .containsPattern("failures +1 VM, 1 host")
        .contains("violations        0")
        .doesNotContain("reproduce:");
  }

  @Test
  void everyRegisteredProtocolRunsUnderItsName() throws Exception {
    for (String protocol : Protocols.names()) {
      // none recovers nothing, so it runs only where nothing fails
      String scenario = ShortScenario.fig2Protocols().contains(protocol) ? "paper-fig2"
          : "paper-example";
      CliRun run = CliRun.of("simulate", "--scenario", scenario, "--protocol", protocol,
          "--json", "--no-oracle");

      assertThat(run.exitCode()).as(protocol + ": " + run.err()).isZero();
      JsonNode json = new ObjectMapper().readTree(run.out());
      assertThat(json.path("protocol").asText()).isEqualTo(protocol);
      assertThat(json.path("deliveredMessages").asLong()).isPositive();
    }
  }

  @Test
  void noOracleSaysSoInsteadOfClaimingZeroViolations() {
    CliRun run = CliRun.of("simulate", "--scenario", "paper-fig2", "--no-oracle");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("violations +not checked");
  }
}
