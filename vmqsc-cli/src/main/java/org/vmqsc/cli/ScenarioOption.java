package org.vmqsc.cli;

import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;
import picocli.CommandLine.Option;

/** The {@code --scenario} option every subcommand takes. */
final class ScenarioOption {
  @Option(names = "--scenario", required = true, paramLabel = "NAME|FILE",
      description = "A bundled scenario's name (listed below) or a YAML scenario file.")
  String nameOrPath;

  /** Throws ScenarioException (one line, exit 2) when the name or file is bad. */
  Scenario load() {
    return ScenarioLoader.load(nameOrPath);
  }

  /** The argument as typed, quoted for a shell when needed, for "reproduce:" lines. */
  String forShell() {
    if (nameOrPath.matches("[A-Za-z0-9._/+=:@%-]+")) {
      return nameOrPath;
    }
    return "'" + nameOrPath.replace("'", "'\\''") + "'";
  }
}
