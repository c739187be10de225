package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The exit-status table of README.md, one code each, every one provoked through Main's own
 * command line: a script must be able to tell a broken protocol (1) from a typo (2), a bug (3),
 * a cluster that is not running (4) and a cluster process that failed (5).
 */
@Timeout(120)
class ExitCodesTest {
  @TempDir Path tmp;

  @Test
  void zeroWhenAllIsWell() {
    CliRun r = CliRun.of("simulate", "--scenario", "paper-example");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @Test
  void oneOnlyForAFailedCheck() {
    CliRun r = CliRun.of("check", "--random-worlds", "150", "--seed", "1", "--break",
        "unacked-term");
    assertThat(r.exitCode()).as(r.out()).isEqualTo(1);
    assertThat(r.out()).contains("P2");
  }

  @Test
  void twoForBadInput() {
    CliRun r = CliRun.of("simulate", "--scenario", "paper-example", "--sed=3");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).containsExactly("vmqsc: Unknown option: '--sed=3'");
  }

  /** No command fails on purpose, so a stand-in bug rides on Main's configured command line. */
  @Test
  void threeForABugInVmqsc() {
    @Command(name = "broken")
    final class Broken implements Callable<Integer> {
      @Override
      public Integer call() {
        throw new IllegalStateException("queue empty");
      }
    }
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine().addSubcommand(new Broken())
        .setErr(new PrintWriter(err, true));
    assertThat(cl.execute("broken")).isEqualTo(3);
    assertThat(err.toString()).startsWith("vmqsc: internal error: ");
  }

  /** A cluster directory whose processes are not running: status and fail say so with 4. */
  @Test
  void fourWhenTheClusterDoesNotAnswer() throws IOException {
    writeConfigOnFreePorts(tmp);

    CliRun status = CliRun.of("status", "--dir", tmp.toString());
    assertThat(status.exitCode()).as(status.err()).isEqualTo(4);
    assertThat(status.errLines()).singleElement().asString().contains("does not answer");

    CliRun fail = CliRun.of("fail", "vm", "0", "--dir", tmp.toString());
    assertThat(fail.exitCode()).as(fail.err()).isEqualTo(4);
    assertThat(fail.errLines()).singleElement().asString()
        .startsWith("vmqsc: cannot reach the cluster: UNAVAILABLE")
        .doesNotContain("internal error");
  }

  /** A manager that cannot bind its port dies at start: the process we drove failed. */
  @Test
  void fiveWhenAClusterProcessFails() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      writeConfigOnFreePorts(tmp);
      Files.writeString(tmp.resolve("cluster.yaml"), Files.readString(tmp.resolve("cluster.yaml"))
          .replaceFirst("managerPort: \\d+", "managerPort: " + taken.getLocalPort()));
      CliRun r = CliRun.of("restart", "manager", "--dir", tmp.toString());
      assertThat(r.exitCode()).as(r.err()).isEqualTo(5);
      assertThat(r.errLines()).singleElement().asString()
          .contains("the manager exited at start", "already in use");
    } finally {
      CliRun.of("fail", "manager", "--dir", tmp.toString()); // should it have started after all
    }
  }

  /** The help says what each code means, as README.md does. */
  @Test
  void theHelpListsEveryCode() {
    CliRun r = CliRun.of("--help");
    assertThat(r.out().replaceAll("\\s+", " ")).contains("0 ok", "1 a check failed",
        "2 bad input", "3 internal error", "4 cluster unreachable", "5 a cluster process failed");
  }

  /**
   * ClusterDirOptionTest's config on ports nobody listens on now: other test runs on this
   * machine may hold the fixed ports 7000..7102.
   */
  static void writeConfigOnFreePorts(Path dir) throws IOException {
    ClusterDirOptionTest.writeConfig(dir);
    String yaml = Files.readString(dir.resolve(RuntimeConfig.FILE_NAME));
    for (String fixed : new String[] {"7000", "7001", "7002", "7101", "7102"}) {
      yaml = yaml.replace(fixed, Integer.toString(freePort()));
    }
    Files.writeString(dir.resolve(RuntimeConfig.FILE_NAME), yaml);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
