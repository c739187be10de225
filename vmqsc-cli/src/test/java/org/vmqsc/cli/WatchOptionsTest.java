package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad repeat options of status, events and checkpoint now: one line and exit 2, no cluster. */
class WatchOptionsTest {
  @Test
  void badRepeatOptionsAreUsageErrors() {
    expectBadInput("--count must be at least 1", "status", "--dir", "x", "--watch", "--count",
        "0");
    expectBadInput("--count needs --watch or --follow", "status", "--dir", "x", "--count", "2");
    expectBadInput("--interval must be a duration", "events", "--dir", "x", "--follow",
        "--interval", "soon");
    expectBadInput("--interval must be a duration", "status", "--dir", "x", "--watch",
        "--interval", "5h");
    expectBadInput("--timeout must be a duration", "checkpoint", "now", "--dir", "x",
        "--timeout", "0s");
    expectBadInput("missing subcommand (list, verify", "images");
  }

  private static void expectBadInput(String message, String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ErrorHandling.BAD_INPUT);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).startsWith("vmqsc: ").contains(message);
  }
}
