package org.vmqsc.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every refusal is one line naming the file, the key and what is wrong. */
class ScenarioErrorTest {
  /** A valid scenario; each test breaks one line of it. */
  private static final String VALID = """
      basePeriod: 10s
      duration: 3000s
      hosts: 4
      groups:
        - {name: si, count: 40, type: SI}
        - {name: mi3, count: 20, type: MI3, host: 1}
      traffic:
        - {from: si, to: si, rate: 4}
        - {from: si, to: mi3, rate: 2}
      network: {delay: 0ms}
      clock: {maxDrift: 1e-4}
      failures:
        - {vm: 3, at: 55s}
      """;

  private static void assertRefused(String yaml, String expectedMessage) {
    ScenarioException e = catchThrowableOfType(ScenarioException.class,
        () -> ScenarioLoader.parse(yaml, "mix.yaml"));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.getMessage()).isEqualTo(expectedMessage).doesNotContain("\n");
    assertThat(e.file()).isEqualTo("mix.yaml");
  }

  private static String replace(String from, String to) {
    assertThat(VALID).contains(from);
    return VALID.replace(from, to);
  }

  @Test
  void aRelocationPolicyThatIsNoDurationIsRefused() {
    ScenarioException e = catchThrowableOfType(ScenarioException.class,
        () -> ScenarioLoader.parse(VALID + "recovery: {relocateAfter: soon}\n", "mix.yaml"));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.getMessage()).startsWith("mix.yaml: recovery.relocateAfter: ")
        .doesNotContain("\n");
  }

  @Test
  void aDamageRateOutsideZeroToOneIsRefused() {
    assertRefused(VALID + "storage: {damage: 1.5}\n",
        "mix.yaml: storage.damage: must be a probability in [0, 1), got 1.5");
  }

  @Test
  void theBaseScenarioIsValid() {
    assertThat(ScenarioLoader.parse(VALID, "mix.yaml").vmCount()).isEqualTo(60);
  }

  @Test
  void unknownTopLevelKey() {
    assertRefused(VALID + "seeed: 3\n", "mix.yaml: seeed: unknown key (known: name, basePeriod,"
        + " duration, seed, hosts, groups, traffic, network, clock, storage, recovery, workload,"
        + " failures)");
  }

  @Test
  void unknownNestedKey() {
    assertRefused(replace("{delay: 0ms}", "{dely: 0ms}"),
        "mix.yaml: network.dely: unknown key (known: delay, messageSize)");
  }

  @Test
  void unknownKeyInAListItem() {
    assertRefused(replace("rate: 2}", "rate: 2, weight: 1}"),
        "mix.yaml: traffic[1].weight: unknown key (known: from, to, rate, peers)");
  }

  @Test
  void exceptionCarriesFileKeyAndProblem() {
    ScenarioException e = catchThrowableOfType(ScenarioException.class,
        () -> ScenarioLoader.parse(replace("{delay: 0ms}", "{dely: 0ms}"), "mix.yaml"));
    assertThat(e.key()).isEqualTo("network.dely");
    assertThat(e.problem()).isEqualTo("unknown key (known: delay, messageSize)");
  }

  @Test
  void fanOutToNobodyIsRefused() {
    assertRefused(replace("rate: 2}", "rate: 2, peers: 0}"),
        "mix.yaml: traffic[1].peers: must be >= 1, got 0");
  }

  @Test
  void fanOutToMoreVmsThanTheGroupHasIsRefused() {
    assertRefused(replace("rate: 2}", "rate: 2, peers: 21}"),
        "mix.yaml: traffic[1].peers: must be <= 20 (the VMs of 'mi3'), got 21");
    // within a group a VM never sends to itself: 39 others
    assertRefused(replace("rate: 4}", "rate: 4, peers: 40}"),
        "mix.yaml: traffic[0].peers: must be <= 39 (the VMs of 'si' other than the sender),"
            + " got 40");
  }

  @Test
  void fanOutThatIsNoWholeNumberIsRefused() {
    assertThat(catchThrowableOfType(ScenarioException.class,
        () -> ScenarioLoader.parse(replace("rate: 2}", "rate: 2, peers: 2.5}"), "mix.yaml"))
        .getMessage()).startsWith("mix.yaml: traffic[1].peers: ").doesNotContain("\n");
  }

  @Test
  void negativeRate() {
    assertRefused(replace("rate: 2}", "rate: -2}"),
        "mix.yaml: traffic[1].rate: must be >= 0, got -2");
  }

  @Test
  void typeMi1() {
    assertRefused(replace("type: MI3", "type: MI1"), "mix.yaml: groups[1].type: type 'MI1' needs"
        + " k >= 2 (use SI, or MI<k> with k >= 2)");
  }

  @Test
  void typeMi0() {
    assertRefused(replace("type: MI3", "type: MI0"), "mix.yaml: groups[1].type: type 'MI0' needs"
        + " k >= 2 (use SI, or MI<k> with k >= 2)");
  }

  @Test
  void typeXi() {
    assertRefused(replace("type: SI", "type: XI"),
        "mix.yaml: groups[0].type: unknown type 'XI' (use SI, or MI<k> with k >= 2)");
  }

  @Test
  void typeMiWithoutK() {
    assertRefused(replace("type: MI3", "type: MI"),
        "mix.yaml: groups[1].type: unknown type 'MI' (use SI, or MI<k> with k >= 2)");
  }

  @Test
  void trafficNamingAMissingGroup() {
    assertRefused(replace("to: mi3", "to: mi2"),
        "mix.yaml: traffic[1].to: no group named 'mi2' (groups: si, mi3)");
  }

  @Test
  void malformedDuration() {
    assertRefused(replace("basePeriod: 10s", "basePeriod: ten"),
        "mix.yaml: basePeriod: malformed duration 'ten' (use e.g. 10s, 250ms)");
  }

  @Test
  void bareNumberIsNotADuration() {
    assertRefused(replace("basePeriod: 10s", "basePeriod: 10"),
        "mix.yaml: basePeriod: malformed duration '10' (use e.g. 10s, 250ms)");
  }

  @Test
  void zeroBasePeriod() {
    assertRefused(replace("basePeriod: 10s", "basePeriod: 0s"),
        "mix.yaml: basePeriod: must be > 0, got '0s'");
  }

  @Test
  void fractionalMillisecondsWhereTheModelKeepsWholeOnes() {
    assertRefused(replace("at: 55s", "at: 0.5ms"),
        "mix.yaml: failures[0].at: must be a whole number of milliseconds, got '0.5ms'");
  }

  @Test
  void missingRequiredKey() {
    assertRefused(replace("duration: 3000s\n", ""), "mix.yaml: duration: required, but missing");
  }

  @Test
  void pinnedHostOutOfRange() {
    assertRefused(replace("host: 1}", "host: 4}"),
        "mix.yaml: groups[1].host: must be in 0..3 (hosts: 4), got 4");
  }

  @Test
  void driftsOfTheWrongLength() {
    assertRefused(replace("{maxDrift: 1e-4}", "{drifts: [1e-4, -1e-4]}"),
        "mix.yaml: clock.drifts: must list one value per host (hosts: 4), got 2 values");
  }

  @Test
  void driftTooLarge() {
    assertRefused(replace("{maxDrift: 1e-4}", "{maxDrift: 0.01}"),
        "mix.yaml: clock.maxDrift: must be in [0, 0.01), got 0.01");
  }

  @Test
  void failureNamingAVmOutOfRange() {
    assertRefused(replace("vm: 3", "vm: 60"),
        "mix.yaml: failures[0].vm: must be in 0..59 (total VMs: 60), got 60");
  }

  @Test
  void failureItemOfNoKnownForm() {
    assertRefused(replace("{vm: 3, at: 55s}", "{vm: 3, host: 1, at: 55s}"), "mix.yaml:"
        + " failures[0]: must be exactly one of {vm, at}, {host, at}, {vmMtbf}, {hostMtbf}");
  }

  @Test
  void twoVmMtbfItems() {
    assertRefused(replace("  - {vm: 3, at: 55s}", "  - {vmMtbf: 10s}\n  - {vmMtbf: 20s}"),
        "mix.yaml: failures[1].vmMtbf: given twice (also failures[0])");
  }

  @Test
  void aStringWhereANumberIsExpected() {
    assertRefused(replace("rate: 4}", "rate: four}"),
        "mix.yaml: traffic[0].rate: must be a number, got 'four'");
  }

  @Test
  void aListWhereAMapIsExpected() {
    assertRefused(replace("{delay: 0ms}", "[0ms]"), "mix.yaml: network: must be a map, got a list");
  }

  @Test
  void duplicateGroupName() {
    assertRefused(replace("name: mi3", "name: si"),
        "mix.yaml: groups[1].name: duplicate group name 'si' (also groups[0].name)");
  }

  @Test
  void uniformDelayBoundsReversed() {
    assertRefused(replace("{delay: 0ms}", "{delay: {uniform: [20ms, 1ms]}}"),
        "mix.yaml: network.delay.uniform: min must be <= max, got ['20ms', '1ms']");
  }

  @Test
  void malformedSize() {
    assertRefused(replace("{delay: 0ms}", "{messageSize: 1K}"),
        "mix.yaml: network.messageSize: malformed size '1K' (use e.g. 64MiB, 1KiB, 512B)");
  }

  @Test
  void unknownWorkload() {
    assertRefused(VALID + "workload: chess\n",
        "mix.yaml: workload: unknown workload 'chess' (use traffic or bank)");
  }

  @Test
  void emptyFile() {
    assertRefused("# nothing here\n", "mix.yaml: (top level): must be a map, got nothing");
  }

  @Test
  void yamlSyntaxError() {
    assertRefused(replace("{delay: 0ms}", "{delay: 0ms"), "mix.yaml: line 11: expected ',' or"
        + " '}', but got : (while parsing a flow mapping that starts at line"
        + " 10)");
  }

  @Test
  void duplicateKeyIsASyntaxError() {
    assertRefused(VALID + "hosts: 5\n", "mix.yaml: line 14: duplicate key 'hosts'");
  }

  @Test
  void missingFile(@TempDir Path dir) {
    String path = dir.resolve("nope.yaml").toString();
    assertThatThrownBy(() -> ScenarioLoader.load(path))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(path + ": cannot read: no such file (bundled scenarios: "
            + String.join(", ", ScenarioLoader.bundledNames()) + ")");
  }

  @Test
  void directoryIsUnreadable(@TempDir Path dir) {
    assertThatThrownBy(() -> ScenarioLoader.load(dir.toString()))
        .hasMessage(dir + ": cannot read: is a directory");
  }

  @Test
  void errorsInAFileNameThatFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, replace("rate: 2}", "rate: -2}"));
    assertThatThrownBy(() -> ScenarioLoader.load(file.toString()))
        .hasMessage(file + ": traffic[1].rate: must be >= 0, got -2");
  }
}
