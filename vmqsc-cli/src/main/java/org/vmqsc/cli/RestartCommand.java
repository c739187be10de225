package org.vmqsc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vmqsc restart host H}: bring a failed host back. */
@Command(name = "restart", description = "Restarts a failed host of a running cluster.",
    subcommands = {RestartHostCommand.class, RestartManagerCommand.class})
final class RestartCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand (host; see vmqsc restart --help)");
  }
}
