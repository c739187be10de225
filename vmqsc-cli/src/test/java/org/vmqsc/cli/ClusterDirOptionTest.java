package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster commands share one {@code --dir}: every one of them asks for it the same way,
 * checks host and VM ids the same way, and takes {@code VMQSC_DIR} when {@code --dir} is missing.
 * No cluster runs here: each case stops at the option or the id, before any process is touched.
 */
class ClusterDirOptionTest {
  private static final List<List<String>> CLUSTER_COMMANDS = List.of(
      List.of("cluster", "down"), List.of("status"), List.of("fail", "vm", "0"),
      List.of("fail", "host", "0"), List.of("fail", "manager"), List.of("restart", "host", "0"),
      List.of("restart", "manager"), List.of("traffic", "off"));

  @TempDir Path dir;

  @Test
  void everyClusterCommandWantsADirectory() {
    assumeTrue(System.getenv(ClusterDirOption.ENV) == null, "VMQSC_DIR is set here");
    for (List<String> cmd : CLUSTER_COMMANDS) {
      CliRun r = CliRun.of(cmd.toArray(String[]::new));
      assertThat(r.exitCode()).as(cmd.toString()).isEqualTo(2);
      assertThat(r.errLines()).as(cmd.toString()).hasSize(1);
      assertThat(r.err()).as(cmd.toString()).contains("--dir", "VMQSC_DIR");
    }
  }

  @Test
  void aDirectoryWithoutAClusterIsBadInputForEveryCommand() {
    for (List<String> cmd : CLUSTER_COMMANDS) {
      CliRun r = CliRun.of(concat(cmd, "--dir", dir.toString()));
      assertThat(r.exitCode()).as(cmd.toString()).isEqualTo(2);
      assertThat(r.err()).as(cmd.toString()).contains("no cluster here", dir.toString());
    }
  }

  @Test
  void hostAndVmIdsOutsideTheClusterAreBadInput() throws IOException {
    config();
    assertThat(CliRun.of("fail", "vm", "4", "--dir", dir.toString()).err())
        .contains("vm 4 is not in 0..3");
    assertThat(CliRun.of("fail", "host", "2", "--dir", dir.toString()).err())
        .contains("host 2 is not in 0..1");
    CliRun r = CliRun.of("restart", "host", "-1", "--dir", dir.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("host -1 is not in 0..1");
  }

  /** In a separate JVM: the environment of this one cannot be changed. */
  @Test
  void vmqscDirStandsInForAMissingDir() throws Exception {
    config();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "fail", "vm", "7").redirectErrorStream(true);
    pb.environment().put(ClusterDirOption.ENV, dir.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    // The id check needs the cluster's topology, so the directory came from VMQSC_DIR.
    assertThat(p.exitValue()).as(out).isEqualTo(2);
    assertThat(out).contains("vm 7 is not in 0..3");
  }

  /** A paper-fig2 cluster's config (4 VMs on 2 hosts); nothing listens on its ports. */
  private void config() throws IOException {
    writeConfig(dir);
  }

  /** The same config in {@code dir}, its secret owner-only as cluster up writes it. */
  static void writeConfig(Path dir) throws IOException {
    Files.writeString(dir.resolve("secret"), "0123456789abcdef0123456789abcdef0123456789abcdef"
        + "0123456789abcdef\n");
    Files.setPosixFilePermissions(dir.resolve("secret"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.writeString(dir.resolve(RuntimeConfig.FILE_NAME), "scenario: paper-fig2\ndir: '" + dir
        + "'\nmanagerPort: 7000\nrelayPorts: [7001, 7002]\ncontrolPorts: [7101, 7102]\n");
    // As cluster up leaves it: the cluster CA and every process's certificate (DIR/tls).
    org.vmqsc.runtime.cluster.ClusterTls.issue(RuntimeConfig.load(
        dir.resolve(RuntimeConfig.FILE_NAME)));
  }

  private static String[] concat(List<String> cmd, String... more) {
    return java.util.stream.Stream.concat(cmd.stream(), java.util.Arrays.stream(more))
        .toArray(String[]::new);
  }
}
