package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  @Test
  void redrawsOnlyOnChangeAndErasesItself() {
    StringWriter err = new StringWriter();
    try (ProgressLine line = new ProgressLine(new PrintWriter(err), "check", "runs", true)) {
      line.update(1, 3);
      line.update(1, 3);
      line.update(3, 3);
    }
    assertThat(err.toString()).isEqualTo("\rcheck: 33% (1/3 runs)\rcheck: 100% (3/3 runs)"
        + "\r" + " ".repeat("check: 100% (3/3 runs)".length()) + "\r");
  }

  @Test
  void silentWithoutAConsoleOrUnderJson() {
    StringWriter err = new StringWriter();
    // Under the test runner there is no console, and --json always silences it.
    try (ProgressLine line = ProgressLine.open(new PrintWriter(err), "simulate", true)) {
      line.update(5, 10);
    }
    try (ProgressLine line = ProgressLine.open(new PrintWriter(err), "simulate", false)) {
      line.update(5, 10);
    }
    assertThat(err.toString()).isEmpty();
  }
}
