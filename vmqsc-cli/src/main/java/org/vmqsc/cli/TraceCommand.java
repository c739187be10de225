package org.vmqsc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vmqsc.report.trace.SpaceTimeDiagram;
import org.vmqsc.report.trace.TraceFormat;
import org.vmqsc.report.trace.TraceRequest;
import org.vmqsc.report.trace.TraceRequestException;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vmqsc trace}: a space-time diagram (SVG or PNG) of a window of one simulated run. */
@Command(name = "trace",
    description = {"Draws a space-time diagram of a window of one simulated run: a time line "
        + "per VM, messages as arrows coloured by where they are logged (R5-R8), basic and forced "
        + "checkpoints, the manager's durable line, failures and rollbacks.",
        "Time around each base-period boundary is stretched (shaded) when the run's clock skew "
        + "and delays would otherwise be invisible; --stretch 0 keeps time linear."})
final class TraceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ScenarioOption scenarioOption;

  @Option(names = "--seed", paramLabel = "N", description = "Overrides the scenario's seed.")
  Long seed;

  @Mixin ProtocolOption protocol;

  @Option(names = "--from", required = true, paramLabel = "T",
      description = "Start of the window in simulated time, e.g. 0s, 280s.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "T",
      description = "End of the window, e.g. 35s.")
  String to;

  @Option(names = "--out", required = true, paramLabel = "FILE.svg|FILE.png",
      description = "Where to write the diagram; the extension picks the format.")
  Path out;

  @Option(names = "--vms", paramLabel = "LIST",
      description = "The VMs to draw, numbered from 0 as drawn and as every command does, "
          + "e.g. 0,2-4 (default: all; at most " + TraceRequest.MAX_VMS + ").")
  String vms;

  @Option(names = "--width", paramLabel = "PX", defaultValue = "" + TraceRequest.DEFAULT_WIDTH,
      description = "Width in pixels (default: ${DEFAULT-VALUE}).")
  int width;

  @Option(names = "--height", paramLabel = "PX",
      description = "Height in pixels (default: as the rows need).")
  Integer height;

  @Option(names = "--stretch", paramLabel = "T",
      description = "Stretch time within T of each boundary kT0, e.g. 100ms; 0 for linear time "
          + "(default: from the run's skew and delays).")
  String stretch;

  @Override
  public Integer call() throws IOException {
    TraceRequest request;
    try {
      request = request();
      TraceFormat.of(out);
      request.validate();
    } catch (TraceRequestException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new ParameterException(spec.commandLine(), "--out " + out + ": directory " + parent
          + " does not exist");
    }
    SpaceTimeDiagram.Result r;
    try {
      r = SpaceTimeDiagram.draw(request, out);
    } catch (TraceRequestException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot write " + out + ": " + e);
    }
    printSummary(spec.commandLine().getOut(), r);
    return 0;
  }

  private TraceRequest request() {
    Scenario scenario = scenarioOption.load();
    if (seed != null) {
      scenario = scenario.withSeed(seed);
    }
    protocol.apply(SimOptions.defaults()); // refuses an unknown name (exit 2)
    long fromMillis = TraceRequest.parseMillis("--from", from);
    long toMillis = TraceRequest.parseMillis("--to", to);
    List<Integer> shown = vms == null ? null : TraceRequest.parseVms(vms, scenario.vmCount());
    Long stretchMillis = stretch == null ? null : TraceRequest.parseMillis("--stretch", stretch);
    return new TraceRequest(scenario, protocol.name, fromMillis, toMillis, shown, width, height,
        stretchMillis);
  }

  private static void printSummary(PrintWriter out, SpaceTimeDiagram.Result r) {
    out.printf(Locale.ROOT, "wrote %s (%s, %dx%d): %d VMs, %d messages (R6 %d, R8 %d, %s"
            + "cross-host %d), checkpoints %d basic, %d forced%s%n", r.out(),
        r.format().name().toLowerCase(Locale.ROOT), r.width(), r.height(), r.vms(), r.messages(),
        r.r6(), r.r8(), r.otherStable() > 0 ? "baseline records " + r.otherStable() + ", " : "",
        r.crossHost(), r.basic(), r.forced(),
        r.stretchMillis() > 0 ? String.format(Locale.ROOT,
            "; time within \u00b1%dms of each kT0 drawn %.0fx wider", r.stretchMillis(), r.gain())
            : "");
    out.flush();
  }
}
