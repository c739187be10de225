package org.vmqsc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vmqsc checkpoint now}: checkpoints on request. */
@Command(name = "checkpoint", description = "Takes a consistent line on request.",
    subcommands = {CheckpointNowCommand.class})
final class CheckpointCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand (now; see vmqsc checkpoint --help)");
  }
}
