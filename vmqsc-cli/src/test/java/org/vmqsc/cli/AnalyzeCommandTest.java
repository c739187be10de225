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
}
