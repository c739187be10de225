package org.vmqsc.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretTest {
  @TempDir
  Path dir;

  @Test
  void aGeneratedSecretIs32RandomBytesInHex() {
    ClusterSecret a = ClusterSecret.generate(new SecureRandom());
    ClusterSecret b = ClusterSecret.generate(new SecureRandom());
    assertThat(a.asText()).matches("[0-9a-f]{64}");
    assertThat(a.matches(b.asText())).isFalse();
    assertThat(a.matches(a.asText())).isTrue();
    assertThat(a.toString()).doesNotContain(a.asText());
  }

  @Test
  void storedOwnerOnlyAndLoadedBack() throws IOException {
    ClusterSecret s = ClusterSecret.generate(new SecureRandom());
    Path file = dir.resolve("cluster.secret");
    s.store(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(ClusterSecret.load(file).matches(s.asText())).isTrue();
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void aFileOthersCanReadIsRefused() throws IOException {
    Path file = dir.resolve("cluster.secret");
    ClusterSecret.generate(new SecureRandom()).store(file);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> ClusterSecret.load(file)).isInstanceOf(SecretFileException.class)
        .hasMessageContaining("chmod 600");
  }

  /** Hex is hex in either case; what a secret must be is said exactly. */
  @Test
  void anUpperCaseSecretFileIsTheSameSecret() throws IOException {
    ClusterSecret s = ClusterSecret.generate(new SecureRandom());
    Path file = dir.resolve("upper.secret");
    Files.writeString(file, s.asText().toUpperCase() + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThat(ClusterSecret.load(file).matches(s.asText())).isTrue();
    assertThat(s.matches(s.asText().toUpperCase())).isTrue();
    assertThatThrownBy(() -> ClusterSecret.of("\uff10".repeat(64))) // full-width digits
        .hasMessageContaining("64 hex digits (0-9, a-f or A-F)");
  }

  @Test
  void malformedSecretsAreRefused() throws IOException {
    assertThatThrownBy(() -> ClusterSecret.of("abc")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClusterSecret.of("z".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
    Path file = dir.resolve("bad.secret");
    Files.writeString(file, "not a secret");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertThatThrownBy(() -> ClusterSecret.load(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("bad.secret");
  }

  @Test
  void comparisonAcceptsOnlyTheExactSecret() {
    ClusterSecret s = ClusterSecret.generate(new SecureRandom());
    String text = s.asText();
    Random r = new Random(7);
    for (int i = 0; i < 200; i++) {
      char[] c = text.toCharArray();
      int at = r.nextInt(c.length);
      c[at] = c[at] == '0' ? '1' : '0';
      assertThat(s.matches(new String(c))).isFalse();
    }
    assertThat(s.matches(null)).isFalse();
    assertThat(s.matches("")).isFalse();
    assertThat(s.matches(text + "0")).isFalse();
    assertThat(ClusterSecret.of(text.toUpperCase()).matches(text)).isTrue();
  }
}
