package org.vmqsc.cli;

import org.vmqsc.sim.SimOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Spec.Target;

/** The {@code --protocol} option of the commands that run one protocol. */
final class ProtocolOption {
  @Spec(Target.MIXEE) CommandSpec mixee;

  @Option(names = "--protocol", paramLabel = "NAME", defaultValue = "vmqsc",
      completionCandidates = KnownProtocols.class,
      description = "The recovery protocol to run: ${COMPLETION-CANDIDATES} "
          + "(default: ${DEFAULT-VALUE}).")
  String name;

  /** {@code options} running this protocol; an unknown name is bad input (exit 2). */
  SimOptions apply(SimOptions options) {
    try {
      return options.withProtocol(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), "--protocol: " + e.getMessage());
    }
  }

  /** " --protocol NAME" for "reproduce:" lines, or nothing for the default. */
  String forShell() {
    return name.equals("vmqsc") ? "" : " --protocol " + name;
  }
}
