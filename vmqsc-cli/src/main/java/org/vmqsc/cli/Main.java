package org.vmqsc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.log.ProcessLogging;
import org.vmqsc.sim.scenario.ScenarioLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code vmqsc} command: simulate the VM_QSC protocol, check it under random faults, compare
 * and sweep protocols, compute the paper's analytic eta, and run it on real processes. Exit
 * codes: see {@link #EXIT_STATUS} and {@link ErrorHandling}.
 */
@Command(name = "vmqsc", mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    // INHERIT gives every subcommand --help and --version without repeating the attributes.
    scope = ScopeType.INHERIT,
    description = {"VM_QSC: quasi-synchronous checkpointing with selective message logging, a "
        + "rollback-recovery protocol for virtual machines.",
        "vmqsc is its simulator (simulate, check, trace), its evaluation (compare, sweep, "
            + "analyze, etachart) and its runtime (cluster, status, fail, restart, traffic, "
            + "demo, chaos on real processes)."},
    subcommands = {SimulateCommand.class, AnalyzeCommand.class, CheckCommand.class,
        TraceCommand.class, CompareCommand.class, SweepCommand.class, EtaChartCommand.class,
        ManagerCommand.class, HypervisorCommand.class, ClusterCommand.class,
        StatusCommand.class, FailCommand.class, RestartCommand.class, TrafficCommand.class,
        DemoCommand.class, ChaosCommand.class, EventsCommand.class, ImagesCommand.class,
        CheckpointCommand.class, CompletionCommand.class, TlsCommand.class},
    footer = {"", Main.EXIT_STATUS})
public final class Main implements Callable<Integer> {
  static final String EXIT_STATUS =
      "Exit status: 0 ok, 1 a check failed (property violated), 2 bad input, 3 internal error, "
          + "4 cluster unreachable, 5 a cluster process failed.";

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine().execute(args);
    } catch (Throwable t) { // Errors (e.g. OutOfMemoryError) get past picocli's handlers
      code = ErrorHandling.internalError(t, new PrintWriter(System.err, true));
    }
    System.exit(code);
  }

  /** The configured command line; tests use it too, so they see the same exit codes. */
  public static CommandLine commandLine() {
    ProcessLogging.bridgeJul(); // gRPC's java.util.logging obeys the same levels as ours
    CommandLine cl = new CommandLine(new Main());
    ErrorHandling.install(cl);
    // Read from the scenario index at run time so the help never goes stale.
    String bundled = "Bundled scenarios: " + String.join(", ", ScenarioLoader.bundledNames());
    cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().usageMessage()
        .footer("", bundled, EXIT_STATUS));
    return cl;
  }

  /** {@code vmqsc} alone: say what is missing in one line, as for any other usage error. */
  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing subcommand (" + String.join(", ", spec.subcommands().keySet())
            + "; see vmqsc --help)");
  }
}
