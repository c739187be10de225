package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input: exit 2, nothing on stdout, one stderr line that names the problem. */
class BadInputTest {
  private static final String VALID_HEAD = """
      basePeriod: 10s
      duration: 100s
      hosts: 1
      """;

  @TempDir Path dir;

  @Test
  void unknownScenarioName() {
    assertBadInput(CliRun.of("simulate", "--scenario", "no-such-scenario"),
        "no-such-scenario", "no such file", "paper-example");
  }

  /** none recovers nothing: asked to run a scenario with failures, it refuses in one line. */
  @Test
  void protocolNoneWithFailures() {
    assertBadInput(CliRun.of("simulate", "--scenario", "paper-fig2", "--protocol", "none"),
        "paper-fig2: failures: protocol none cannot recover");
    assertBadInput(CliRun.of("compare", "--scenario", "paper-fig2", "--protocols",
        "vmqsc,none"), "protocol none cannot recover");
  }

  /** cluster up refuses a protocol the registry does not know, before it writes or starts. */
  @Test
  void clusterUpWithAnUnknownProtocol() {
    Path cluster = dir.resolve("cluster");
    assertBadInput(CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir",
        cluster.toString(), "--protocol", "optimistic"), "--protocol", "unknown protocol",
        "'optimistic'", "vmqsc");
    assertThat(cluster).doesNotExist();
  }

  @Test
  void unknownControlDelay() {
    assertBadInput(CliRun.of("simulate", "--scenario", "paper-fig2", "--control-delay", "slow"),
        "--control-delay", "slow", "instant, network");
  }

  @Test
  void unknownKeyNamesFileAndKey() throws IOException {
    Path file = scenario("typo.yaml", VALID_HEAD + """
        groups:
          - {name: a, count: 1, type: SI}
        lazyness: 3
        """);
    assertBadInput(CliRun.of("simulate", "--scenario", file.toString()),
        "typo.yaml", "lazyness", "unknown key");
  }

  @Test
  void negativeRate() throws IOException {
    Path file = scenario("negative.yaml", VALID_HEAD + """
        groups:
          - {name: a, count: 2, type: SI}
        traffic:
          - {from: a, to: a, rate: -1}
        """);
    assertBadInput(CliRun.of("analyze", "--scenario", file.toString()),
        "negative.yaml", "traffic[0].rate", ">= 0");
  }

  @Test
  void typeMi1() throws IOException {
    Path file = scenario("mi1.yaml", VALID_HEAD + """
        groups:
          - {name: a, count: 1, type: MI1}
        """);
    assertBadInput(CliRun.of("simulate", "--scenario", file.toString()),
        "mi1.yaml", "groups[0].type", "MI1");
  }

  @Test
  void trafficNamingMissingGroup() throws IOException {
    Path file = scenario("missing-group.yaml", VALID_HEAD + """
        groups:
          - {name: a, count: 1, type: SI}
        traffic:
          - {from: a, to: ghost, rate: 1}
        """);
    assertBadInput(CliRun.of("check", "--scenario", file.toString(), "--runs", "1"),
        "missing-group.yaml", "traffic[0].to", "ghost");
  }

  @Test
  void malformedDuration() throws IOException {
    Path file = scenario("duration.yaml", """
        basePeriod: 10 fortnights
        duration: 100s
        hosts: 1
        groups:
          - {name: a, count: 1, type: SI}
        """);
    assertBadInput(CliRun.of("simulate", "--scenario", file.toString()),
        "duration.yaml", "basePeriod", "10 fortnights");
  }

  /** D14: a baseline cannot relocate; a scenario that asks it to is bad input, not a crash. */
  @Test
  void aBaselineAskedToRelocateIsBadInput() throws IOException {
    Path file = scenario("relocating.yaml", """
        basePeriod: 10s
        duration: 100s
        hosts: 2
        groups:
          - {name: a, count: 2, type: SI}
        recovery: {hostRestart: 30s, relocateAfter: 1s}
        """);
    assertBadInput(CliRun.of("simulate", "--scenario", file.toString(), "--protocol",
        "coordinated"), "recovery.relocateAfter", "coordinated cannot restart VMs");
  }

  @Test
  void zeroRuns() {
    assertBadInput(CliRun.of("check", "--scenario", "paper-fig2", "--runs", "0"), "--runs", "0");
  }

  @Test
  void seedNotANumber() {
    assertBadInput(CliRun.of("simulate", "--scenario", "paper-fig2", "--seed", "abc"),
        "--seed", "abc");
  }

  @Test
  void unknownOption() {
    assertBadInput(CliRun.of("simulate", "--scenario", "paper-fig2", "--fast"), "--fast");
  }

  @Test
  void mistypedRequiredOptionIsReportedAsTheTypo() {
    assertBadInput(CliRun.of("simulate", "--senario", "paper-fig2"), "Unknown option", "--senario");
  }

  @Test
  void missingRequiredOption() {
    assertBadInput(CliRun.of("check", "--scenario", "paper-fig2"), "--runs");
  }

  @Test
  void missingSubcommand() {
    assertBadInput(CliRun.of(), "subcommand");
  }

  @Test
  void unknownProtocolInSimulateAndCheck() {
    assertBadInput(CliRun.of("simulate", "--scenario", "paper-fig2", "--protocol", "nope"),
        "--protocol", "unknown protocol 'nope'", "vmqsc");
    assertBadInput(CliRun.of("check", "--scenario", "paper-fig2", "--runs", "1", "--protocol",
        "Vmqsc"), "--protocol", "'Vmqsc'", "known: vmqsc");
  }

  @Test
  void unknownProtocolInCompareAndSweep() {
    assertBadInput(CliRun.of("compare", "--scenario", "paper-fig2", "--protocols", "vmqsc,nope"),
        "--protocols", "unknown protocol 'nope'", "known: vmqsc");
    assertBadInput(CliRun.of("sweep", "--scenario", "paper-fig2", "--vary", "rate=1",
        "--protocols", "vmqsc,vmqsc"), "--protocols", "twice");
  }

  @Test
  void unknownVaryKeyListsTheKnownOnes() {
    assertBadInput(CliRun.of("sweep", "--scenario", "paper-fig2", "--vary", "latency=5ms"),
        "unknown --vary key 'latency'", "miShare, delay, drift, basePeriod, rate, vmMtbf, "
            + "hostMtbf, vms");
  }

  @Test
  void varyValueOfTheWrongType() {
    assertBadInput(CliRun.of("sweep", "--scenario", "paper-fig2", "--vary", "delay=abc"),
        "delay=abc", "not a duration");
    assertBadInput(CliRun.of("sweep", "--scenario", "paper-fig2", "--vary", "delay=5"),
        "delay=5", "not a duration");
    assertBadInput(CliRun.of("sweep", "--scenario", "paper-fig2", "--vary", "vms=two"),
        "vms=two", "not a number");
    assertBadInput(CliRun.of("sweep", "--scenario", "paper-fig2", "--vary", "drift=0.5"),
        "drift=0.5", "[0, 0.01)");
  }

  @Test
  void varyValueThatDoesNotFitTheScenario() throws IOException {
    Path siOnly = scenario("si-only.yaml", VALID_HEAD + """
        groups:
          - {name: a, count: 4, type: SI}
        """);
    assertBadInput(CliRun.of("sweep", "--scenario", siOnly.toString(), "--vary",
        "miShare=0.5"), "miShare", "no MI group");
  }

  @Test
  void outputDirectoryUnderARegularFile() throws IOException {
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    String out = file.resolve("report").toString();
    assertBadInput(CliRun.of("compare", "--scenario", "paper-fig2", "--out", out),
        "cannot write " + out, "not a directory");
    assertBadInput(CliRun.of("sweep", "--scenario", "paper-fig2", "--vary", "rate=1",
        "--out", file.toString()), "cannot write " + file, "not a directory");
    assertBadInput(CliRun.of("etachart", "--out", out), "cannot write " + out);
  }

  @Test
  void outputDirectoryThatCannotBeCreated() {
    // /proc takes no new entries, even for root
    assertBadInput(CliRun.of("compare", "--scenario", "paper-fig2", "--out",
        "/proc/vmqsc-report"), "cannot write /proc/vmqsc-report");
  }

  @Test
  void readOnlyOutputDirectory() throws IOException {
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // root writes anyway; the /proc case above covers it there
      assumeFalse(Files.isWritable(readOnly), "running as root: permissions are not enforced");
      assertBadInput(CliRun.of("compare", "--scenario", "paper-fig2", "--out",
          readOnly.toString()), "cannot write " + readOnly, "permission denied");
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void zeroSeedsAndBadDuration() {
    assertBadInput(CliRun.of("compare", "--scenario", "paper-fig2", "--seeds", "0"),
        "--seeds", "0");
    assertBadInput(CliRun.of("etachart", "--out", "unused", "--duration", "10"),
        "--duration", "'10'");
  }

  private Path scenario(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  /** Issue 14: a world the heap cannot hold is refused up front, never an OutOfMemoryError. */
  @Test
  void aScenarioTooBigForTheHeap() throws IOException {
    Path file = dir.resolve("huge.yaml");
    Files.writeString(file, VALID_HEAD + """
        groups: [{name: a, count: 50000000, type: SI}]
        traffic: [{from: a, to: a, rate: 1, peers: 10}]
        """);
    assertBadInput(CliRun.of("simulate", "--scenario", file.toString(), "--no-oracle"),
        "huge: too big for this JVM's heap: about ", "50,000,000 VMs", "GiB available (-Xmx)");
  }

  private static void assertBadInput(CliRun run, String... mentions) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("vmqsc: ").contains(mentions)
        .doesNotContain("Exception").doesNotContain("\tat ");
  }
}
