package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./vmqsc} launcher on a fresh machine, run for real by bash on a copy of the script
 * in a tree of its own, with a fake {@code mvn} (fails offline with an [ERROR] block as Maven
 * does when artifacts are missing, succeeds online by writing the jar) and a fake {@code java}
 * on the PATH. A new user used to see that [ERROR] block before a build that then succeeded.
 */
@Timeout(60)
class LauncherScriptTest {
  @TempDir Path tree;
  private Path bin;

  @BeforeEach
  void copyTheScript() throws IOException {
    Path script = Path.of("..", "vmqsc"); // tests run in vmqsc-cli/
    Files.copy(script, tree.resolve("vmqsc"));
    executable(tree.resolve("vmqsc"));
    Files.writeString(tree.resolve("pom.xml"), "<project/>\n");
    Files.createDirectories(tree.resolve("vmqsc-cli/src"));
    bin = Files.createDirectories(tree.resolve("bin"));
    fake("java", "echo \"java ran: $*\"");
  }

  @Test
  void theFirstRunSaysItIsBuildingAndNothingElse() throws Exception {
    fakeMaven(true);

    Run r = launch("--version");

    assertThat(r.code).as(r.err).isZero();
    assertThat(r.err.lines()).containsExactly("vmqsc: building (first run, about a minute)...");
    assertThat(r.out).startsWith("java ran: ").endsWith(" --version\n");
    assertThat(Files.readString(tree.resolve("target/vmqsc-build.log")))
        .as("Maven's own output is kept, not lost").contains("[ERROR]", "online build");
  }

  @Test
  void aBuildThatReallyFailsSaysSoInOneLineNamingTheLog() throws Exception {
    fakeMaven(false);

    Run r = launch("--version");

    assertThat(r.code).isEqualTo(3);
    Path log = tree.resolve("target/vmqsc-build.log");
    assertThat(r.err.lines().toList().get(1)).isEqualTo("vmqsc: build failed; Maven's output is "
        + "in " + log.toRealPath() + ", which ends:");
    assertThat(r.err).contains("  [ERROR] online: compilation failure");
    assertThat(r.out).as("java never ran").isEmpty();
  }

  @Test
  void changedSourcesRebuildQuietlyToo() throws Exception {
    fakeMaven(true);
    launch("--version");
    Path source = Files.writeString(tree.resolve("vmqsc-cli/src/A.java"), "class A {}\n");
    source.toFile().setLastModified(System.currentTimeMillis() + 5_000);

    Run r = launch("--version");

    assertThat(r.code).isZero();
    assertThat(r.err.lines()).containsExactly("vmqsc: sources changed, building...");
  }

  /** Offline: Maven's [ERROR] block and exit 1; online: the jar, or a failure when told to. */
  private void fakeMaven(boolean onlineWorks) throws IOException {
    fake("mvn", "for a in \"$@\"; do if [ \"$a\" = -o ]; then\n"
        + "  echo '[ERROR] Failed to execute goal on project vmqsc-cli: Could not resolve "
        + "dependencies' >&2; echo '[ERROR] -> [Help 1]' >&2; exit 1; fi; done\n"
        + "echo 'online build'\n"
        + (onlineWorks ? "mkdir -p vmqsc-cli/target && echo jar > vmqsc-cli/target/vmqsc.jar\n"
            : "echo '[ERROR] online: compilation failure' >&2; exit 1\n"));
  }

  private void fake(String name, String body) throws IOException {
    executable(Files.writeString(bin.resolve(name), "#!/bin/sh\n" + body + "\n"));
  }

  private static void executable(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Run(int code, String out, String err) {}

  private Run launch(String... args) throws Exception {
    Path out = tree.resolve("out.txt");
    Path err = tree.resolve("err.txt");
    String[] cmd = new String[args.length + 1];
    cmd[0] = tree.resolve("vmqsc").toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(err.toFile()).directory(tmpCwd());
    pb.environment().put("PATH", bin + ":/usr/bin:/bin");
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** Somewhere else than the tree: the script must find its own root. */
  private java.io.File tmpCwd() throws IOException {
    return Files.createDirectories(tree.resolve("elsewhere")).toFile();
  }
}
