package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --version} tells the build it came from; {@code completion} a script bash accepts. */
class VersionAndCompletionTest {
  @TempDir Path tmp;

  /** Tests run from this git checkout, so the commit the build wrote is HEAD's. */
  @Test
  void versionNamesTheProjectVersionAndTheCommitOfThisCheckout() throws Exception {
    CliRun r = CliRun.of("--version");
    assertThat(r.exitCode()).isZero();
    String head = git("rev-parse", "--short=10", "HEAD");
    assertThat(r.out().lines().findFirst().orElseThrow())
        .matches("vmqsc \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit " + head + "(, with local "
            + "changes)?\\)");
    assertThat(r.out()).contains("Java 17");
  }

  @Test
  void aBuildOutsideAGitCheckoutSaysUnknownNotAPlaceholder() {
    Properties p = new Properties();
    p.setProperty("version", "0.1.0");
    p.setProperty("commit", "${git.commit.id.abbrev}"); // what filtering leaves without git
    p.setProperty("dirty", "${git.dirty}");
    assertThat(VersionProvider.from(p).line()).isEqualTo("vmqsc 0.1.0 (commit unknown)");
  }

  @Test
  void theTopDescriptionSaysWhatTheToolIs() {
    String help = CliRun.of("--help").out().replaceAll("\\s+", " ");
    assertThat(help).contains("simulator", "evaluation", "runtime", "rollback-recovery");
  }

  /** bash itself parses the script, then completes "vmqsc sim" and "vmqsc cluster u". */
  @Test
  void completionPrintsABashScriptThatCompletesSubcommands() throws Exception {
    CliRun r = CliRun.of("completion");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("complete -F _complete_vmqsc", "simulate", "cluster");
    Path script = Files.writeString(tmp.resolve("vmqsc_completion"), r.out());
    String probe = "source " + script + "\n"
        + "COMP_WORDS=(vmqsc sim); COMP_CWORD=1; COMP_LINE='vmqsc sim'; COMP_POINT=9\n"
        + "_complete_vmqsc vmqsc sim vmqsc; echo \"1:${COMPREPLY[*]}\"\n"
        + "COMP_WORDS=(vmqsc cluster u); COMP_CWORD=2; COMP_LINE='vmqsc cluster u'; "
        + "COMP_POINT=15\n"
        + "_complete_vmqsc vmqsc u cluster; echo \"2:${COMPREPLY[*]}\"\n";
    String out = run("bash", "-c", probe);
    assertThat(out).contains("1:simulate", "2:up");
  }

  private String git(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "git";
    System.arraycopy(args, 0, cmd, 1, args.length);
    return run(cmd).strip();
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
