package org.vmqsc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vmqsc fail vm|host}: inject a failure into a running cluster. */
@Command(name = "fail", description = "Fails a VM or a whole host of a running cluster.",
    subcommands = {FailVmCommand.class, FailHostCommand.class, FailManagerCommand.class})
final class FailCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand (vm, host; see vmqsc fail --help)");
  }
}
