package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class AnalyzeCommandTest {
  @Test
  void paperExampleGivesOneSixth() {
    CliRun run = CliRun.of("analyze", "--scenario", "paper-example");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("0.1667").contains("mi2").contains("MI2");
  }

  @Test
  void jsonListsOneTermPerGroup() throws Exception {
    CliRun run = CliRun.of("analyze", "--scenario", "paper-example", "--json");

    JsonNode json = new ObjectMapper().readTree(run.out());
    assertThat(run.exitCode()).isZero();
    assertThat(json.path("eta").asDouble()).isCloseTo(1.0 / 6, within(1e-12));
    assertThat(json.path("terms")).hasSize(2);
    JsonNode mi2 = json.path("terms").get(1);
    assertThat(mi2.path("group").asText()).isEqualTo("mi2");
    assertThat(mi2.path("k").asInt()).isEqualTo(2);
    assertThat(mi2.path("count").asInt()).isEqualTo(10);
    assertThat(mi2.path("receiveRate").asDouble()).isEqualTo(30.0);
    assertThat(mi2.path("stablyLoggedRate").asDouble()).isEqualTo(15.0);
  }

  /** Issue 14: fan-out moves receipts within a group, so eta is the same with and without it. */
  @Test
  void fanOutLeavesEtaAsItIs() throws Exception {
    CliRun scaled = CliRun.of("analyze", "--scenario", "scale-100k", "--json");
    assertThat(scaled.exitCode()).as(scaled.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(scaled.out());
    assertThat(json.path("eta").asDouble()).isCloseTo(1.0 / 6, within(1e-12));
  }

  /** What one run would need, to plan a big world before trying it. */
  @Test
  void showsTheHeapOneRunNeeds() throws Exception {
    CliRun run = CliRun.of("analyze", "--scenario", "scale-100k");
    assertThat(run.out()).containsPattern(
        "heap for one simulate run: about .* with the oracle, .* with --no-oracle"
            + " \\(this JVM may use .*\\)");
    JsonNode heap = new ObjectMapper().readTree(
        CliRun.of("analyze", "--scenario", "scale-100k", "--json").out()).path("heapEstimate");
    assertThat(heap.path("oracleBytes").asLong())
        .isGreaterThan(heap.path("noOracleBytes").asLong()).isPositive();
    assertThat(heap.path("maxHeapBytes").asLong()).isEqualTo(Runtime.getRuntime().maxMemory());
  }
}
