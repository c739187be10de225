package org.vmqsc.cli;

import org.vmqsc.runtime.log.LogSettings;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --log-level} and {@code --log-format} of the process commands (manager, hypervisor):
 * they override the config's {@code logLevel} and {@code logFormat} for this process only.
 */
final class LogOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec command;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "trace, debug, info, warn, error or off (default: the config's logLevel, "
          + "else info).")
  String level;

  @Option(names = "--log-format", paramLabel = "FORMAT",
      description = "text (one line per event) or json (one JSON object per line); default: "
          + "the config's logFormat, else text.")
  String format;

  /**
   * What cluster up's launcher gives its children: their console is captured in DIR/NAME.log,
   * which does not rotate, so it carries warnings and errors only; the rotating file has all.
   */
  @Option(names = "--console-log-level", paramLabel = "LEVEL", hidden = true)
  String consoleLevel;

  /** This process's log set-up from {@code config}; a bad flag is a usage error (exit 2). */
  LogSettings settings(java.nio.file.Path config, String process) throws java.io.IOException {
    return ProcessOptions.logs(config, process, level("--log-level", level),
        format == null ? null : format(format), level("--console-log-level", consoleLevel));
  }

  private String level(String flag, String text) {
    if (text == null) {
      return null;
    }
    String l = LogSettings.level(text);
    if (l == null) {
      throw new CommandLine.ParameterException(command.commandLine(), flag + " " + text
          + ": must be one of " + String.join(", ", LogSettings.LEVELS));
    }
    return l;
  }

  private String format(String text) {
    if (LogSettings.Format.parse(text) == null) {
      throw new CommandLine.ParameterException(command.commandLine(), "--log-format " + text
          + ": must be text or json");
    }
    return text;
  }
}
