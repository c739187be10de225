package org.vmqsc.cli;

import java.util.Collection;
import java.util.List;
import org.vmqsc.report.Comparison;
import org.vmqsc.sim.Protocols;
import org.vmqsc.sim.scenario.Scenario;
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
          + "(default: every one that can run the scenario; none only runs without failures).")
  List<String> names;

  /**
   * The names asked for, checked; when none are asked for, every protocol that can run all of
   * {@code scenarios}. An unknown name is bad input (exit 2).
   */
  List<String> require(Collection<Scenario> scenarios) {
    try {
      return Comparison.requireProtocols(names == null ? Protocols.runnableOn(scenarios) : names);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), "--protocols: " + e.getMessage());
    }
  }
}
