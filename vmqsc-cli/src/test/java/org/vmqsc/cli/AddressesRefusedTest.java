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
