package org.vmqsc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vmqsc cluster up|down}: a local cluster of real processes. */
@Command(name = "cluster", description = "Starts or stops a local cluster of real processes.",
    subcommands = {ClusterUpCommand.class, ClusterDownCommand.class})
final class ClusterCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand (up, down; see vmqsc cluster --help)");
  }
}
