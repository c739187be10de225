package org.vmqsc.cli;

import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimOptions.ControlDelay;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Spec.Target;

/** The {@code --control-delay} option of the commands that simulate. */
final class ControlDelayOption {
  @Spec(Target.MIXEE) CommandSpec mixee;

  @Option(names = "--control-delay", paramLabel = "instant|network", defaultValue = "network",
      description = "How control messages between the manager and the hypervisors travel: "
          + "network, with the scenario's network delay (a host recovery then also takes its "
          + "phases' round trips and its storage reads), or instant, the paper's idealised "
          + "model (default ${DEFAULT-VALUE}).")
  String value;

  /** {@code options} with this control delay; an unknown value is bad input (exit 2). */
  SimOptions apply(SimOptions options) {
    try {
      return options.withControlDelay(ControlDelay.of(value));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(mixee.commandLine(), "--control-delay: " + e.getMessage());
    }
  }

  /** " --control-delay instant" for "reproduce:" lines, or nothing for the default. */
  String forShell() {
    return value.equals(ControlDelay.NETWORK.key()) ? "" : " --control-delay " + value;
  }
}
