package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.role.ProtocolRegistry;
import org.vmqsc.runtime.cluster.ClusterSpec;

/** The runtime config: a good file becomes a spec; each bad one is exit 2 and one line. */
class RuntimeConfigTest {
  @TempDir Path dir;

  private Path config(String extra) throws IOException {
    Files.writeString(dir.resolve("secret"), "0123456789abcdef0123456789abcdef0123456789abcdef"
        + "0123456789abcdef\n");
    Path f = dir.resolve("cluster.yaml");
    Files.writeString(f, "scenario: paper-fig2\ndir: '" + dir + "'\n" + extra);
    return f;
  }

  private static final String PORTS = "managerPort: 7000\nrelayPorts: [7001, 7002]\n"
      + "controlPorts: [7101, 7102]\n";

  @Test
  void goodConfigTakesScenarioAndOverrides() throws IOException {
    ClusterSpec s = RuntimeConfig.load(config(PORTS + "basePeriod: 1s\nmemoryImage: 64KiB\n"));
    assertThat(s.basePeriodMillis()).isEqualTo(1000);
    assertThat(s.topology().vms()).isEqualTo(4);
    assertThat(s.topology().k(0)).isEqualTo(2);
    assertThat(s.topology().k(3)).isEqualTo(3);
    assertThat(s.topology().hostOf(2)).isEqualTo(1);
    assertThat(s.topology().checkpointBytes(0)).isEqualTo(64 * 1024);
    assertThat(s.bank()).isTrue();
    assertThat(s.peerRates().rate(1, 2)).isEqualTo(2.0); // vm2 -> vm3 at 2 msg/s
    assertThat(s.relayPorts()).containsExactly(7001, 7002);
  }

  /**
   * The runtime's sparse traffic is the scenario's dense matrix, entry for entry (the very same
   * doubles), with and without fan-out, and holds only the pairs that carry traffic.
   */
  @Test
  void sparseTrafficRatesAreTheDenseMatrixExactly() {
    for (String name : java.util.List.of("paper-fig2", "cloud-1000", "runtime-1000")) {
      org.vmqsc.sim.scenario.Scenario s = org.vmqsc.sim.scenario.ScenarioLoader.load(name);
      double[][] dense = new double[s.vmCount()][s.vmCount()]; // the reference, small enough
      org.vmqsc.sim.scenario.Deployment.peerRates(s, (a, b, r) -> dense[a][b] += r);
      org.vmqsc.runtime.cluster.PeerRates sparse = RuntimeConfig.peerRates(s);
      long pairs = 0;
      for (int a = 0; a < dense.length; a++) {
        for (int b = 0; b < dense.length; b++) {
          assertThat(sparse.rate(a, b)).as(name + " " + a + " -> " + b).isEqualTo(dense[a][b]);
          pairs += dense[a][b] > 0 ? 1 : 0;
        }
      }
      assertThat(sparse.pairs()).as(name).isEqualTo(pairs);
    }
    // runtime-1000: each of 1,000 VMs sends to 10 peers (fan-out), not to 999
    assertThat(RuntimeConfig.peerRates(org.vmqsc.sim.scenario.ScenarioLoader.load("runtime-1000"))
        .pairs()).isEqualTo(10_000);
  }

  /** The config takes exactly the scenarios' unit grammar: the same values, the same refusals. */
  @Test
  void durationsAndSizesFollowTheScenarioGrammar() throws IOException {
    ClusterSpec s = RuntimeConfig.load(config(PORTS + "lazyDelay: 1.5s\nvmRestart: 250ms\n"
        + "heartbeatTimeout: 1m\nrelocateAfter: 1h\nmemoryImage: 2MB\n"));
    assertThat(s.lazyDelayMillis()).isEqualTo(1500);
    assertThat(s.vmRestartMillis()).isEqualTo(250);
    assertThat(s.heartbeatTimeoutMillis()).isEqualTo(60_000);
    assertThat(s.relocateAfterMillis()).isEqualTo(3_600_000);
    assertThat(s.topology().checkpointBytes(0)).isEqualTo(2_000_000);
    assertBad(config(PORTS + "memoryImage: 1048576\n"), "memoryImage", "malformed size",
        "use e.g. 64MiB");
    assertBad(config(PORTS + "basePeriod: 2 s\n"), "basePeriod", "malformed duration");
    assertBad(config(PORTS + "vmRestart: -1s\n"), "vmRestart", "must be >= 0");
    assertBad(config(PORTS + "lazyDelay: 0.5ms\n"), "lazyDelay", "whole number of milliseconds");
  }

  @Test
  void aBadDurationReadsTheSameInAConfigAndInAScenario() throws IOException {
    String scenarioProblem = problem(() -> org.vmqsc.sim.scenario.ScenarioLoader.parse(
        "basePeriod: 10 fortnights\nduration: 100s\nhosts: 1\n"
            + "groups: [{name: a, count: 1, type: SI}]\n", "s.yaml"));
    String configProblem = problem(() -> RuntimeConfig.load(config(PORTS
        + "basePeriod: 10 fortnights\n")));
    assertThat(configProblem).isEqualTo(scenarioProblem)
        .contains("malformed duration '10 fortnights'");
  }

  private static String problem(ThrowingCallable load) {
    try {
      load.call();
    } catch (org.vmqsc.sim.scenario.ScenarioException e) {
      return e.problem();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("accepted");
  }

  private interface ThrowingCallable {
    void call() throws Exception;
  }

  @Test
  void unknownKeyIsBadInput() throws IOException {
    assertBad(config(PORTS + "managerPortz: 3\n"), "managerPortz", "unknown key");
  }

  @Test
  void aGuestClassThatCannotBeLoadedIsBadInput() throws IOException {
    assertBad(config(PORTS + "guest: org.example.NoSuchGuest\n"), "guest",
        "no class org.example.NoSuchGuest");
    assertBad(config(PORTS + "guest: java.lang.String\n"), "guest", "is not a concrete");
  }

  @Test
  void aGuestClassOrABuiltInGuestIsTaken() throws IOException {
    assertThat(RuntimeConfig.load(config(PORTS + "guest: traffic\n")).bank()).isFalse();
    assertThat(RuntimeConfig.load(config(PORTS + "guest: org.vmqsc.core.guest.TrafficGuest\n"))
        .guestClass()).isEqualTo("org.vmqsc.core.guest.TrafficGuest");
  }

  /** Across machines each process dials the others by the addresses the config gives. */
  @Test
  void addressesAcrossMachinesAreTakenAndChecked() throws IOException {
    ClusterSpec s = RuntimeConfig.load(config(PORTS + "bind: 127.0.0.1\n"
        + "managerAddress: mgr.example\nhostAddresses: [h0.example, '[fd00::1]']\n"));
    assertThat(s.managerAddress()).isEqualTo("mgr.example:7000");
    assertThat(s.relayAddress(0)).isEqualTo("h0.example:7001");
    assertThat(s.controlAddress(1)).isEqualTo("[fd00::1]:7102");
    assertThat(RuntimeConfig.load(config(PORTS)).relayAddress(1)).isEqualTo("127.0.0.1:7002");
    assertBad(config(PORTS + "hostAddresses: [h0.example]\n"), "hostAddresses",
        "must list 2 addresses");
  }

  @Test
  void aRelocationPolicyThatIsNoDurationIsBadInput() throws IOException {
    assertBad(config(PORTS + "relocateAfter: soon\n"), "relocateAfter");
    assertThat(RuntimeConfig.load(config(PORTS + "relocateAfter: never\n"))
        .relocateAfterMillis()).isEqualTo(-1);
  }

  @Test
  void aHostAddressThatIsNoNameIsBadInput() throws IOException {
    assertBad(config(PORTS + "hostAddresses: [h0, 'h 1']\n"), "hostAddresses",
        "is not a host name or address");
  }

  /** {@code vmqsc hypervisor --manager ADDR} with no port: one line, exit 2, nothing started. */
  @Test
  void aManagerAddressWithoutPortIsBadInput() throws IOException {
    CliRun r = CliRun.of("hypervisor", "--id", "0", "--config", config(PORTS).toString(),
        "--manager", "nowhere");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("--manager", "is not host:port");
  }

  @Test
  void badPortIsBadInput() throws IOException {
    assertBad(config("managerPort: 70000\nrelayPorts: [7001, 7002]\n"
        + "controlPorts: [7101, 7102]\n"), "managerPort", "1..65535");
  }

  @Test
  void missingDirectoryIsBadInput() throws IOException {
    Path f = config(PORTS);
    Files.writeString(f, Files.readString(f).replace("dir: '" + dir + "'",
        "dir: '" + dir.resolve("nope") + "'"));
    assertBad(f, "dir", "does not exist");
  }

  @Test
  void wrongNumberOfPortsIsBadInput() throws IOException {
    assertBad(config("managerPort: 7000\nrelayPorts: [7001]\ncontrolPorts: [7101, 7102]\n"),
        "relayPorts", "2 ports");
  }

  @Test
  void protocolDefaultsToVmqscAndTakesEveryRegisteredName() throws IOException {
    assertThat(RuntimeConfig.load(config(PORTS)).protocol()).isEqualTo("vmqsc");
    for (String name : ProtocolRegistry.names()) {
      assertThat(RuntimeConfig.load(config(PORTS + "protocol: " + name + "\n")).protocol())
          .isEqualTo(name);
    }
  }

  @Test
  void unknownProtocolIsBadInput() throws IOException {
    assertBad(config(PORTS + "protocol: optimistic\n"), "protocol", "unknown protocol",
        "'optimistic'", String.join(", ", ProtocolRegistry.names()));
  }

  /**
   * A cluster whose protocol does not recover (none): failure commands refuse before touching
   * anything.
   */
  @Test
  void failureCommandsRefuseAClusterThatDoesNotRecover() throws IOException {
    config(PORTS + "protocol: none\n");
    for (String[] cmd : new String[][] {{"fail", "vm", "0"}, {"fail", "host", "1"},
        {"restart", "host", "1"}}) {
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(cmd),
          java.util.stream.Stream.of("--dir", dir.toString())).toArray(String[]::new);
      CliRun r = CliRun.of(args);
      assertThat(r.exitCode()).as(String.join(" ", cmd)).isEqualTo(2);
      assertThat(r.errLines()).hasSize(1);
      assertThat(r.err()).contains("protocol none", "does not recover");
    }
  }

  private static void assertBad(Path config, String... parts) {
    CliRun r = CliRun.of("manager", "--config", config.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(parts);
  }
}
