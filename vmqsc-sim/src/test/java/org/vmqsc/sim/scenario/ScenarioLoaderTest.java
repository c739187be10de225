package org.vmqsc.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmqsc.sim.scenario.Scenario.Clock;
import org.vmqsc.sim.scenario.Scenario.Failure;
import org.vmqsc.sim.scenario.Scenario.Group;
import org.vmqsc.sim.scenario.Scenario.Network;
import org.vmqsc.sim.scenario.Scenario.Network.DelayKind;
import org.vmqsc.sim.scenario.Scenario.Recovery;
import org.vmqsc.sim.scenario.Scenario.Storage;
import org.vmqsc.sim.scenario.Scenario.Workload;

class ScenarioLoaderTest {

  static List<String> bundled() {
    return ScenarioLoader.bundledNames();
  }

  @ParameterizedTest
  @MethodSource("bundled")
  void everyBundledScenarioLoadsUnderItsOwnName(String name) {
    Scenario s = ScenarioLoader.load(name);
    assertThat(s.name()).isEqualTo(name);
    assertThat(s.vmCount()).isPositive();
  }

  @Test
  void theIndexListsExactlyTheBundledFiles() throws IOException {
    // Surefire runs in the module directory.
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/scenarios"))) {
      List<String> onDisk = files.map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".yaml"))
          .map(f -> f.substring(0, f.length() - ".yaml".length()))
          .sorted().toList();
      assertThat(ScenarioLoader.bundledNames()).containsExactlyInAnyOrderElementsOf(onDisk);
    }
    assertThat(ScenarioLoader.bundledNames()).contains("paper-example", "paper-fig2", "mix",
        "mix-delay", "paper-example-1000");
  }

  @Test
  void paperExampleIsTheModelOfSection6() {
    Scenario s = ScenarioLoader.load("paper-example");
    assertThat(s.basePeriodMillis()).isEqualTo(10_000);
    assertThat(s.durationMillis()).isEqualTo(3_000_000);
    assertThat(s.seed()).isEqualTo(1);
    assertThat(s.hosts()).isEqualTo(2);
    assertThat(s.groups()).containsExactly(
        new Group("si", 10, 1, -1, 16L << 20), new Group("mi2", 10, 2, -1, 16L << 20));
    assertThat(s.traffic()).extracting(f -> f.from() + ">" + f.to() + "@" + f.ratePerSecond())
        .containsExactly("si>si@4.0", "si>mi2@2.0", "mi2>si@2.0", "mi2>mi2@1.0");
    assertThat(s.network()).isEqualTo(new Network(DelayKind.FIXED, 0, 0, 1024));
    assertThat(s.clock()).isEqualTo(new Clock(0, 0, List.of(), List.of()));
    assertThat(s.failures()).isEqualTo(Scenario.Failures.none());
  }

  @Test
  void paperFig2PinsTheFourVmsAndInjectsBothFailures() {
    Scenario s = ScenarioLoader.load("paper-fig2");
    assertThat(s.groups()).extracting(Group::name, Group::k, Group::host, Group::checkpointBytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("vm1", 2, 0, 64L << 20),
            org.assertj.core.groups.Tuple.tuple("vm2", 1, 0, 64L << 20),
            org.assertj.core.groups.Tuple.tuple("vm3", 1, 1, 64L << 20),
            org.assertj.core.groups.Tuple.tuple("vm4", 3, 1, 64L << 20));
    assertThat(s.traffic()).hasSize(12);
    assertThat(s.network().kind()).isEqualTo(DelayKind.UNIFORM);
    assertThat(s.network().aMillis()).isEqualTo(1.0);
    assertThat(s.network().bMillis()).isEqualTo(40.0);
    assertThat(s.clock().drifts()).containsExactly(2e-4, -2e-4);
    assertThat(s.clock().offsetsMillis()).containsExactly(30.0, 0.0);
    assertThat(s.storage()).isEqualTo(new Storage(100e6, 2_000));
    assertThat(s.workload()).isEqualTo(new Workload(Workload.Kind.BANK, 1000));
    assertThat(s.failures().at())
        .containsExactly(new Failure(false, 0, 55_000), new Failure(true, 1, 300_000));
  }

  @Test
  void mixDelayDiffersFromMixOnlyInNetworkAndClock() {
    Scenario mix = ScenarioLoader.load("mix");
    Scenario delay = ScenarioLoader.load("mix-delay");
    assertThat(delay.groups()).isEqualTo(mix.groups());
    assertThat(delay.traffic()).isEqualTo(mix.traffic());
    assertThat(delay.network()).isEqualTo(new Network(DelayKind.EXPONENTIAL, 20, 0, 1024));
    assertThat(delay.clock().maxDrift()).isEqualTo(1e-4);
    assertThat(mix.groups()).extracting(Group::k).containsExactly(1, 2, 3, 5);
    assertThat(mix.traffic()).hasSize(16);
  }

  @Test
  void paperExample1000HasAThousandVmsOnTenHosts() {
    Scenario s = ScenarioLoader.load("paper-example-1000");
    assertThat(s.vmCount()).isEqualTo(1000);
    assertThat(s.hosts()).isEqualTo(10);
    assertThat(s.groups()).extracting(Group::checkpointBytes).containsOnly(1L << 20);
  }

  @Test
  void absentKeysTakeTheirDefaults() {
    Scenario s = ScenarioLoader.parse("""
        basePeriod: 10s
        duration: 1m
        groups: [{name: a, count: 1, type: SI}]
        """, "dir/minimal.yaml");
    assertThat(s.name()).isEqualTo("minimal");
    assertThat(s.seed()).isEqualTo(1);
    assertThat(s.hosts()).isEqualTo(1);
    assertThat(s.durationMillis()).isEqualTo(60_000);
    assertThat(s.traffic()).isEmpty();
    assertThat(s.network()).isEqualTo(new Network(DelayKind.FIXED, 0, 0, 1024));
    assertThat(s.clock()).isEqualTo(new Clock(0, 0, List.of(), List.of()));
    assertThat(s.storage()).isEqualTo(new Storage(200e6, 1_000));
    assertThat(s.recovery()).isEqualTo(new Recovery(1_000, 2_000, 5_000));
    assertThat(s.workload()).isEqualTo(new Workload(Workload.Kind.TRAFFIC, 1000));
    assertThat(s.failures()).isEqualTo(Scenario.Failures.none());
  }

  @Test
  void everyKeyIsRead() {
    Scenario s = ScenarioLoader.parse("""
        name: full
        basePeriod: 1.5s
        duration: 2h
        seed: -3
        hosts: 2
        groups:
          - {name: a, count: 2, type: SI, host: 1, checkpointSize: 1.5KiB}
          - {name: b, count: 3, type: MI4, checkpointSize: 2GB}
        traffic: [{from: a, to: b, rate: 0.25}]
        network: {delay: 2.5ms, messageSize: 512B}
        clock: {maxDrift: 1e-4, maxOffset: 50ms, drifts: [1e-4, -1e-4], offsets: [-5ms, 0.5ms]}
        storage: {bandwidth: 1.5GB/s, lazyDelay: 0ms}
        recovery: {vmRestart: 250ms, hostDetect: 0s, hostRestart: 1m}
        workload: {kind: bank, initialBalance: 7}
        failures:
          - {vm: 4, at: 0s}
          - {vmMtbf: 2000s}
          - {hostMtbf: 1h}
        """, "full.yaml");
    assertThat(s.basePeriodMillis()).isEqualTo(1_500);
    assertThat(s.durationMillis()).isEqualTo(7_200_000);
    assertThat(s.seed()).isEqualTo(-3);
    assertThat(s.groups()).containsExactly(
        new Group("a", 2, 1, 1, 1536), new Group("b", 3, 4, -1, 2_000_000_000L));
    assertThat(s.network()).isEqualTo(new Network(DelayKind.FIXED, 2.5, 0, 512));
    assertThat(s.clock())
        .isEqualTo(new Clock(1e-4, 50, List.of(1e-4, -1e-4), List.of(-5.0, 0.5)));
    assertThat(s.storage()).isEqualTo(new Storage(1.5e9, 0));
    assertThat(s.recovery()).isEqualTo(new Recovery(250, 0, 60_000));
    assertThat(s.workload()).isEqualTo(new Workload(Workload.Kind.BANK, 7));
    assertThat(s.failures())
        .isEqualTo(new Scenario.Failures(List.of(new Failure(false, 4, 0)), 2_000_000, 3_600_000));
  }

  @Test
  void aPathIsLoadedAsAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mine.yaml");
    Files.writeString(file, "basePeriod: 10s\nduration: 10s\ngroups: [{name: a, count: 1, type: SI}]\n");
    Scenario s = ScenarioLoader.load(file.toString());
    assertThat(s.name()).isEqualTo("mine");
  }
}
