package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmqsc demo}, the README's main job, end to end on real processes (paper-fig2, a short
 * period): a VM failure and a SIGKILLed host during lazy writes, then the four checks.
 */
class DemoCommandTest {
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
  @Timeout(240)
  void demoPassesEveryCheck() throws Exception {
    Path dir = tmp.resolve("demo");
    CliRun r = CliRun.of("demo", "--dir", dir.toString(), "--period", "500ms");
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("PASS  " + DemoCommand.CHECK_BANK,
        "PASS  " + DemoCommand.CHECK_CHANNELS, "PASS  " + DemoCommand.CHECK_VM,
        "PASS  " + DemoCommand.CHECK_HOST, "demo: all checks PASS");
    assertThat(r.out()).doesNotContain("FAIL  ");
    // every process was stopped
    try (Stream<Path> pids = Files.list(dir)) {
      for (Path p : pids.filter(f -> f.toString().endsWith(".pid")).toList()) {
        assertThat(ProcessHandle.of(Long.parseLong(Files.readString(p).trim()))
            .filter(ProcessHandle::isAlive)).as(p.toString()).isEmpty();
      }
    }
  }

  @Test
  void badPeriodIsBadInput() {
    CliRun r = CliRun.of("demo", "--dir", tmp.resolve("bad").toString(), "--period", "soon");
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
  }
}
