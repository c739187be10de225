package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vmqsc.runtime.cluster.ClusterSpec;

/**
 * A cluster across addresses (issue 10, item 4): {@code cluster up}'s addresses, namespaces and
 * {@code whenFenced}, when wrong, are one line naming the key, exit 2, and nothing starts; when
 * right, each process listens on its own address.
 */
class AddressesRefusedTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--host-addresses|10.77.0.20,10.77.0.300|hostAddresses[1]: is not an IPv4 address (four numbers 0..255), got '10.77.0.300'",
      "--host-addresses|10.77.0.20|hostAddresses: must list 2 addresses",
      "--host-addresses|10.77.0.20,host-b:7000|hostAddresses[1]: is not an IPv6 address in brackets",
      "--host-addresses|10.77.0.20,0.0.0.0|hostAddresses[1]: is a wildcard",
      "--manager-address|-m.example|managerAddress: is not a host name or address",
      "--manager-address|::1|managerAddress: is not an IPv6 address in brackets",
      "--bind|10.0.0.1.5|bind: is not an IPv4",
      "--manager-netns|vq-none-such|managerNetns: network namespace vq-none-such does not exist",
      "--host-netns|vq-a|hostNetns: must list 2 namespaces, one per host",
      "--host-netns|../etc,vq-a|hostNetns[0]: is not a namespace name",
      "--when-fenced|restart|whenFenced: must be stop or rejoin"})
  void aBadAddressIsOneLineAndNothingStarts(String flag, String value, String says)
      throws IOException {
    Path dir = tmp.resolve("c");
    CliRun r = CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir", dir.toString(),
        flag + "=" + value);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("vmqsc: ").contains(says).doesNotContain("\n");
    try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no process started").noneMatch(n -> n.endsWith(".pid"));
    }
  }

  /** Three manager replicas across addresses: their namespaces and addresses, when wrong. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--manager-netnses=vq-a|managerNetnses: must list 3 namespaces, one per manager replica",
      "--manager-netnses=../x,vq-b,vq-c|managerNetnses[0]: is not a namespace name",
      "--manager-netnses=vq-none-such,vq-b,vq-c|managerNetnses[0]: network namespace "
          + "vq-none-such does not exist",
      "--manager-netns=vq-a --manager-netnses=vq-a,vq-b,vq-c|managerNetnses: not with "
          + "managerNetns",
      "--manager-addresses=10.77.0.10,10.77.0.300,10.77.0.12|managerAddresses[1]: is not an "
          + "IPv4 address",
      "--manager-addresses=10.77.0.10,10.77.0.11|managerAddresses: must list 3 addresses"})
  void aBadReplicaNamespaceOrAddressIsOneLineAndNothingStarts(String flags, String says)
      throws IOException {
    Path dir = tmp.resolve("c");
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("cluster", "up",
        "--scenario", "paper-fig2", "--dir", dir.toString(), "--managers", "3"));
    args.addAll(java.util.List.of(flags.split(" ")));
    CliRun r = CliRun.of(args.toArray(String[]::new));

    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("vmqsc: ").contains(says).doesNotContain("\n");
    try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no process started").noneMatch(n -> n.endsWith(".pid"));
    }
  }

  @Test
  void managerNetnsesAreOnlyForReplicas() {
    CliRun r = CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir",
        tmp.resolve("c").toString(), "--manager-netnses=vq-a,vq-b,vq-c");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip()).contains("managerNetnses: only with managerPorts")
        .doesNotContain("\n");
  }

  /**
   * Each replica is started in its own namespace (manager-N is not host N), or in the one
   * managerNetns names, and listens (manager, metrics and Ratis) on its own address.
   */
  @Test
  void eachReplicaStartsInItsNamespaceAndListensOnItsOwnAddress() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("c"));
    Files.writeString(dir.resolve("secret"), "ab".repeat(32));
    String replicas = "scenario: paper-fig2\ndir: " + dir + "\nmanagerPort: 7000\n"
        + "relayPorts: [7001, 7002]\ncontrolPorts: [7003, 7004]\n"
        + "managerPorts: [7000, 7005, 7006]\nratisPorts: [7007, 7008, 7009]\n"
        + "managerAddresses: [10.77.0.10, 10.77.0.11, 10.77.0.12]\n"
        + "hostNetns: [vq-h0, vq-h1]\n";
    Files.writeString(dir.resolve("a.yaml"), replicas
        + "managerNetnses: [vq-m0, vq-m1, vq-m2]\n");
    Path a = dir.resolve("a.yaml");
    assertThat(RuntimeConfig.netns(a, ClusterDir.replicaName(1))).isEqualTo("vq-m1");
    assertThat(RuntimeConfig.netns(a, ClusterDir.replicaName(0))).isEqualTo("vq-m0");
    assertThat(RuntimeConfig.netns(a, ClusterDir.hostName(1))).isEqualTo("vq-h1");
    Files.writeString(dir.resolve("b.yaml"), replicas + "managerNetns: vq-m\n");
    assertThat(RuntimeConfig.netns(dir.resolve("b.yaml"), ClusterDir.replicaName(1)))
        .isEqualTo("vq-m");

    Files.writeString(dir.resolve("c.yaml"), replicas.replace("hostNetns: [vq-h0, vq-h1]\n",
        ""));
    ClusterSpec spec = RuntimeConfig.load(dir.resolve("c.yaml"));
    ClusterSpec one = spec.forReplica(1);
    assertThat(one.managerBindHost()).isEqualTo("10.77.0.11");
    assertThat(one.managerPort()).isEqualTo(7005);
    assertThat(one.replicaId()).isEqualTo(1);
    assertThat(one.hostBindHost(0)).as("the hosts stay on bind").isEqualTo("127.0.0.1");
    assertThat(spec.replicas().get(2).ratisAddress()).isEqualTo("10.77.0.12:7009");
    assertThat(spec.managerAddress())
        .isEqualTo("10.77.0.10:7000,10.77.0.11:7005,10.77.0.12:7006");
  }

  /** Given addresses and no bind, each process listens where the others dial it. */
  @Test
  void eachProcessListensOnItsOwnAddressUnlessBindSaysOtherwise() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("c"));
    Files.writeString(dir.resolve("secret"), "ab".repeat(32));
    String ports = "scenario: paper-fig2\ndir: " + dir + "\nmanagerPort: 7000\n"
        + "relayPorts: [7001, 7002]\ncontrolPorts: [7003, 7004]\n";
    Files.writeString(dir.resolve("a.yaml"), ports + "managerAddress: 10.77.0.10\n"
        + "hostAddresses: [10.77.0.20, 'h1.example']\n");
    ClusterSpec own = RuntimeConfig.load(dir.resolve("a.yaml"));
    assertThat(own.managerBindHost()).isEqualTo("10.77.0.10");
    assertThat(own.hostBindHost(1)).isEqualTo("h1.example");
    assertThat(own.relayAddress(1)).isEqualTo("h1.example:7002");

    Files.writeString(dir.resolve("b.yaml"), ports + "bind: 0.0.0.0\n"
        + "managerAddress: 10.77.0.10\nhostAddresses: [10.77.0.20, 10.77.0.21]\n");
    ClusterSpec wild = RuntimeConfig.load(dir.resolve("b.yaml"));
    assertThat(wild.managerBindHost()).isEqualTo("0.0.0.0");
    assertThat(wild.hostBindHost(0)).isEqualTo("0.0.0.0");
    assertThat(wild.controlAddress(0)).isEqualTo("10.77.0.20:7003");

    Files.writeString(dir.resolve("c.yaml"), ports);
    ClusterSpec local = RuntimeConfig.load(dir.resolve("c.yaml"));
    assertThat(local.managerBindHost()).isEqualTo("127.0.0.1");
    assertThat(local.hostBindHost(1)).isEqualTo("127.0.0.1");
  }
}
