package org.vmqsc.cli;

import org.vmqsc.report.Durations;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The checks of the repeat options of {@code status --watch} and {@code events --follow}. */
final class Watching {
  /** The longest pause between two looks: an interval of hours is a typo, not a wish. */
  static final long MAX_INTERVAL_MILLIS = 3_600_000;

  private Watching() {}

  /** {@code text} as whole milliseconds in 1 ms..1 h, or a usage error (exit 2). */
  static long millis(CommandSpec spec, String option, String text) {
    double ms = Durations.millis(text);
    if (Double.isNaN(ms) || ms < 1 || ms > MAX_INTERVAL_MILLIS) {
      throw new ParameterException(spec.commandLine(), option + " must be a duration from 1ms "
          + "to 1h (e.g. 500ms, 2s), got '" + text + "'");
    }
    return (long) ms;
  }

  /**
   * How many times to look: once without {@code repeat}, else {@code count} (>= 1) or without
   * end. {@code --count} without the repeat option is a usage error.
   */
  static int count(CommandSpec spec, boolean repeat, Integer count) {
    if (count != null && count < 1) {
      throw new ParameterException(spec.commandLine(), "--count must be at least 1, got "
          + count);
    }
    if (!repeat) {
      if (count != null) {
        throw new ParameterException(spec.commandLine(), "--count needs --watch or --follow");
      }
      return 1;
    }
    return count == null ? Integer.MAX_VALUE : count;
  }
}
