package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tls:} in cluster.yaml (docs/config.md): on unless it says false; anything but true or
 * false is refused rather than read as either; a process of a TLS cluster without its
 * certificate stops in one line, exit 2, naming the file.
 */
class TlsConfigTest {
  @TempDir Path dir;

  private Path config(String extra) throws IOException {
    Files.writeString(dir.resolve("secret"), "0123456789abcdef0123456789abcdef0123456789abcdef"
        + "0123456789abcdef\n");
    Files.setPosixFilePermissions(dir.resolve("secret"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Path f = dir.resolve("cluster.yaml");
    Files.writeString(f, "scenario: paper-fig2\ndir: '" + dir + "'\nmanagerPort: 7000\n"
        + "relayPorts: [7001, 7002]\ncontrolPorts: [7101, 7102]\n" + extra);
    return f;
  }

  @Test
  void onByDefaultOffOnlyWhenSaid() throws IOException {
    assertThat(RuntimeConfig.load(config("")).tls()).isTrue();
    assertThat(RuntimeConfig.load(config("tls: true\n")).tls()).isTrue();
    assertThat(RuntimeConfig.load(config("tls: false\n")).tls()).isFalse();
    assertThat(RuntimeConfig.load(config("tls: 'false'\n")).tls()).isFalse(); // as --tls writes
  }

  @Test
  void aValueThatIsNeitherIsOneLineAndExit2() throws IOException {
    CliRun r = CliRun.of("manager", "--config", config("tls: off-ish\n").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("tls", "true or false");
  }

  @Test
  void aProcessWithoutItsCertificateStopsInOneLine() throws IOException {
    CliRun r = CliRun.of("hypervisor", "--id", "1", "--config", config("").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(dir.resolve("tls").toString(), "host-1", "is missing");
  }

  /** Renewal: a new key and certificate from the same CA, naming the address given. */
  @Test
  void tlsIssueRenewsACertificateFromTheClusterCa() throws Exception {
    Path f = config("");
    org.vmqsc.runtime.cluster.ClusterTls.issue(RuntimeConfig.load(f));
    Path tls = dir.resolve("tls");
    String oldKey = Files.readString(tls.resolve("host-1.key"));
    CliRun r = CliRun.of("tls", "issue", "--dir", dir.toString(), "host-1", "--address",
        "10.77.0.9");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("host-1.crt", "10.77.0.9");
    assertThat(Files.readString(tls.resolve("host-1.key"))).isNotEqualTo(oldKey);
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(tls.resolve("host-1.key")))).isEqualTo("rw-------");
    var id = org.vmqsc.runtime.auth.TlsIdentity.load(tls, "host-1"); // checks the CA signed it
    assertThat(id.certificate().getSubjectAlternativeNames()).anyMatch(
        san -> san.get(1).equals("10.77.0.9"));

    CliRun bad = CliRun.of("tls", "issue", "--dir", dir.toString(), "../host-1");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.errLines()).hasSize(1);
  }
}
