package org.vmqsc.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster CA: what it writes, with which modes, and what a certificate says. */
class ClusterCaTest {
  @TempDir
  Path dir;

  @Test
  void privateKeysAreOwnerOnlyAndCertificatesReadable() throws Exception {
    ClusterCa ca = ClusterCa.create(dir, new SecureRandom());
    ca.issue("host-3", List.of("10.77.0.3"));
    for (String key : List.of("ca.key", "host-3.key")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))))
          .as(key).isEqualTo("rw-------");
    }
    for (String cert : List.of("ca.crt", "host-3.crt")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(cert))))
          .as(cert).isEqualTo("rw-r--r--");
    }
    // No temporary file is left behind, readable or not.
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("ca.key", "ca.crt", "host-3.key", "host-3.crt");
    }
  }

  @Test
  void aCertificateNamesItsAddressesAndIsSignedByTheCa() throws Exception {
    ClusterCa ca = ClusterCa.create(dir, new SecureRandom());
    ca.issue("host-3", List.of("10.77.0.3", "[fd00::3]", "node3.example", "0.0.0.0"));
    TlsIdentity id = TlsIdentity.load(dir, "host-3");
    X509Certificate cert = id.certificate();
    cert.verify(ca.certificate().getPublicKey()); // throws if another key signed it
    assertThat(cert.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)))
        .containsExactly("127.0.0.1", "localhost", "10.77.0.3", "fd00:0:0:0:0:0:0:3",
            "node3.example"); // a wildcard bind address names no one: left out
    assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
    assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    Duration valid = Duration.between(cert.getNotBefore().toInstant(),
        cert.getNotAfter().toInstant());
    assertThat(valid).isEqualTo(ClusterCa.CERT_VALIDITY.plus(ClusterCa.BACKDATE));
    assertThat(ca.certificate().getBasicConstraints()).isEqualTo(0);
  }

  @Test
  void aKeyOthersCanReadIsRefused() throws Exception {
    ClusterCa.create(dir, new SecureRandom()).issue("admin", List.of());
    Files.setPosixFilePermissions(dir.resolve("admin.key"),
        PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> TlsIdentity.load(dir, "admin"))
        .isInstanceOf(SecretFileException.class)
        .hasMessageContaining("admin.key: mode rw-r--r-- lets others read a private key")
        .hasMessageContaining("chmod 600");
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedOnLoading(@TempDir Path other) throws Exception {
    ClusterCa.create(dir, new SecureRandom());
    ClusterCa.create(other, new SecureRandom()).issue("host-0", List.of());
    Files.copy(other.resolve("host-0.crt"), dir.resolve("host-0.crt"));
    Files.copy(other.resolve("host-0.key"), dir.resolve("host-0.key"));
    assertThatThrownBy(() -> TlsIdentity.load(dir, "host-0"))
        .isInstanceOf(SecretFileException.class)
        .hasMessageContaining("not signed by");
  }

  @Test
  void anExistingCaIsNeverReplacedAndCanIssueLater() throws Exception {
    ClusterCa first = ClusterCa.create(dir, new SecureRandom());
    assertThatThrownBy(() -> ClusterCa.create(dir, new SecureRandom()))
        .hasMessageContaining("has its CA already");
    ClusterCa again = ClusterCa.load(dir, new SecureRandom());
    assertThat(again.certificate()).isEqualTo(first.certificate());
    TlsIdentity replica = again.issue("manager-2", List.of("10.77.0.12"));
    replica.certificate().verify(first.certificate().getPublicKey());
  }

  @Test
  void namesThatCouldEscapeTheDirectoryAreRefused() throws Exception {
    ClusterCa ca = ClusterCa.create(dir, new SecureRandom());
    assertThatThrownBy(() -> ca.issue("../host-0", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
