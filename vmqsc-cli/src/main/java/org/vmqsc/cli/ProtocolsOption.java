package org.vmqsc.cli;

import java.util.List;
import org.vmqsc.report.Comparison;
import org.vmqsc.sim.Protocols;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Spec.Target;

/** The {@code --protocols} option of the commands that put protocols side by side. */
final class ProtocolsOption {
  @Spec(Target.MIXEE) CommandSpec mixee;

  @Option(names = "--protocols", paramLabel = "LIST", split = ",",
      completionCandidates = KnownProtocols.class,
      description = "Protocols to run, comma-separated, from: ${COMPLETION-CANDIDATES} "
          + "(default: all of them).")
  List<String> names;

  /** The names asked for (all when none), checked; an unknown one is bad input (exit 2). */
  List<String> require() {
    try {
      return Comparison.requireProtocols(names == null ? Protocols.names() : names);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), "--protocols: " + e.getMessage());
    }
  }
}
