package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ErrorHandlingTest {
  /** Stands in for a simulator bug: no real command fails on purpose. */
  @Command(name = "broken")
  static final class Broken implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new IllegalStateException("queue\nempty");
    }
  }

  @Test
  void unexpectedExceptionIsOneInternalErrorLineAndExit3() {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new Broken()).setErr(new PrintWriter(err, true));
    ErrorHandling.install(cl);

    int code = cl.execute();

    assertThat(code).isEqualTo(3);
    assertThat(err.toString().lines().toList()).containsExactly(
        "vmqsc: internal error: java.lang.IllegalStateException: queue empty");
  }
}
