package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmqsc demo --storage s3}: the Figure 2 story with stable storage in a bucket of the S3
 * server the demo starts in its own process (s3proxy on loopback). Every check passes, the items
 * are in the bucket and not on local disk, and nothing is left running or lying about.
 */
class DemoS3Test {
  @TempDir Path tmp;

  @AfterEach
  void noProcessLeft() throws Exception {
    Path dir = tmp.resolve("demo");
    if (Files.isDirectory(dir)) {
      try (Stream<Path> pids = Files.list(dir)) {
        for (Path p : pids.filter(f -> f.toString().endsWith(".pid")).toList()) {
          ProcessHandle.of(Long.parseLong(Files.readString(p).trim()))
              .ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  @Test
  @Timeout(300)
  void demoOnS3PassesEveryCheckWithItsItemsInTheBucket() throws Exception {
    Path dir = tmp.resolve("demo");
    CliRun r = CliRun.of("demo", "--dir", dir.toString(), "--period", "500ms", "--storage",
        "s3");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("demo: stable storage: s3://vmqsc-demo/demo at http://127.0.0.1:",
        "PASS  " + DemoCommand.CHECK_BANK, "PASS  " + DemoCommand.CHECK_CHANNELS,
        "PASS  " + DemoCommand.CHECK_VM, "PASS  " + DemoCommand.CHECK_HOST,
        "demo: all checks PASS");
    Matcher m = Pattern.compile("the bucket holds (\\d+) objects").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    assertThat(Long.parseLong(m.group(1))).as("boot images at least").isGreaterThanOrEqualTo(4);
    try (Stream<Path> local = Files.list(dir.resolve("storage"))) {
      assertThat(local.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("vm-"));
    }
    String keys = Files.readAllLines(dir.resolve("cluster.yaml")).stream()
        .filter(l -> l.startsWith("s3CredentialsFile:")).findFirst().orElseThrow();
    assertThat(Path.of(keys.replaceAll("^s3CredentialsFile: '(.*)'$", "$1")))
        .as("the demo's keys go with its server").doesNotExist();
    try (Stream<Path> pids = Files.list(dir)) {
      for (Path p : pids.filter(f -> f.toString().endsWith(".pid")).toList()) {
        assertThat(ProcessHandle.of(Long.parseLong(Files.readString(p).trim()))
            .filter(ProcessHandle::isAlive)).as(p.toString()).isEmpty();
      }
    }
  }

  @Test
  void anUnknownStorageIsOneLineAndExitTwo() {
    Path dir = tmp.resolve("none-made");
    CliRun r = CliRun.of("demo", "--dir", dir.toString(), "--storage", "nfs");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .contains("--storage: 'nfs' is none of dir, s3, s3://bucket/prefix");
    assertThat(dir).doesNotExist();
  }
}
