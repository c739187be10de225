package org.vmqsc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmqsc.report.Comparison;
import org.vmqsc.report.OutputDir;
import org.vmqsc.report.Reports;
import org.vmqsc.report.Results;
import org.vmqsc.report.Table;
import org.vmqsc.core.role.ProtocolRegistry;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vmqsc compare}: several protocols on the same scenario and seeds, side by side. */
@Command(name = "compare",
    description = {
        "Runs protocols on the same scenario and seeds and compares their costs (SPEC §6): "
            + "checkpoints per VM-hour (basic, forced), eta, stable bytes written and peak "
            + "held, control messages, blocked VM-seconds, VMs rolled back and work lost per "
            + "failure, recovery time, oracle violations, messages delivered.",
        "The scenario runs as written, with its own failures and nothing random added, so "
            + "every number is reproducible from the file; use a scenario with failures to "
            + "measure recovery. Values are means over the seeds, +- the half-width of the "
            + "95%% confidence interval (Student t) when --seeds > 1; violations are summed."})
final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ScenarioOption scenarioOption;
  @Mixin ProtocolsOption protocolsOption;
  @Mixin RunsOptions runs;
  @Mixin ControlDelayOption controlDelay;
  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nOn real processes too:%n")
  RuntimeOptions runtime;

  /** {@code --runtime} and what it takes. */
  static final class RuntimeOptions {
    @picocli.CommandLine.Option(names = "--runtime", required = true, description = "Also run "
        + "each protocol on a real-process cluster (127.0.0.1) without failures, and print it "
        + "beside the simulator on the same setting (T0, checkpoint size, traffic time).")
    boolean on;

    @picocli.CommandLine.Option(names = "--period", defaultValue = "1s", paramLabel = "DURATION",
        description = "T0 for both (default ${DEFAULT-VALUE}).")
    String period;

    @picocli.CommandLine.Option(names = "--traffic-time", defaultValue = "60s",
        paramLabel = "DURATION", description = "How long traffic runs (default ${DEFAULT-VALUE}).")
    String trafficTime;

    @picocli.CommandLine.Option(names = "--memory-image", defaultValue = "1MiB",
        paramLabel = "SIZE", description = "Each VM's checkpoint size (default ${DEFAULT-VALUE}).")
    String memoryImage;
  }

  @Override
  public Integer call() throws Exception {
    Scenario scenario = scenarioOption.load();
    if (runtime != null) {
      return runtimeCompare(scenario);
    }
    List<String> protocols = protocolsOption.require(List.of(scenario));
    int seeds = runs.seeds();
    OutputDir outDir = runs.outDir();
    Comparison comparison;
    try (ProgressLine progress =
        ProgressLine.open(spec.commandLine().getErr(), "compare", "runs", runs.json)) {
      comparison = Comparison.run(scenario, protocols, runs.firstSeed(scenario.seed()), seeds,
          controlDelay.apply(SimOptions.defaults().withOracle(!runs.noOracle)), progress::update);
    }
    List<Path> files = outDir == null ? List.of() : Reports.write(comparison, outDir,
        ReportProvenance.of(spec, scenarioOption.nameOrPath));
    PrintWriter out = spec.commandLine().getOut();
    if (runs.json) {
      Json.print(out, Results.json(comparison));
    } else {
      printTable(out, comparison, outDir);
    }
    return comparison.hasViolations() ? 1 : 0;
  }

  private int runtimeCompare(Scenario scenario) throws Exception {
    for (String simulatorOnly : List.of("--seeds", "--seed", "--out", "--json", "--no-oracle",
        "--control-delay")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(simulatorOnly)) {
        throw bad(simulatorOnly + " does not go with --runtime (one run of each, a table)");
      }
    }
    long period = positive("--period", Units.millis(runtime.period), Units.DURATION_HINT);
    long millis = positive("--traffic-time", Units.millis(runtime.trafficTime),
        Units.DURATION_HINT);
    if (millis % 1000 != 0) {
      throw bad("--traffic-time: whole seconds, e.g. 60s");
    }
    long image = positive("--memory-image", Units.bytes(runtime.memoryImage), Units.SIZE_HINT);
    // The runtime runs every protocol of the one registry, as the simulator does.
    List<String> protocols = protocolsOption.names == null
        ? ProtocolRegistry.names() : protocolsOption.require(List.of());
    for (String p : protocols) {
      if (!ProtocolRegistry.names().contains(p)) {
        throw bad("--protocols: " + p + " does not run on real processes yet ("
            + String.join(", ", ProtocolRegistry.names()) + " do)");
      }
    }
    long seconds = millis / 1000;
    List<RuntimeCompare.Row> rows = RuntimeCompare.run(scenarioOption.nameOrPath, scenario,
        protocols, period, image, seconds, spec.commandLine().getErr());
    PrintWriter out = spec.commandLine().getOut();
    out.println("scenario: " + scenario.name() + " (" + scenario.vmCount() + " VMs), T0 "
        + period + " ms, checkpoints " + image + " B, traffic " + seconds + " s, no failures");
    RuntimeCompare.print(out, rows);
    return rows.stream().anyMatch(r -> !r.note().isEmpty()) ? 1 : 0;
  }

  private long positive(String option, java.math.BigDecimal value, String hint) {
    if (value == null || value.signum() <= 0 || value.stripTrailingZeros().scale() > 0) {
      throw bad(option + ": not a positive whole amount (" + hint + ")");
    }
    return value.longValueExact();
  }

  private picocli.CommandLine.ParameterException bad(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }

  private void printTable(PrintWriter out, Comparison c, OutputDir outDir) {
    out.println("scenario: " + c.scenario() + " (" + c.vms() + " VMs), "
        + Seeds.describe(c.firstSeed(), c.seeds()) + ", oracle "
        + (c.oracle() ? "on" : "off (violations not checked)"));
    out.print(Table.of(c).text());
    c.summaries().stream().filter(s -> s.violationsTotal() > 0).forEach(s -> {
      out.println(s.protocol() + ": " + s.violationsTotal() + " violations, e.g. "
          + s.sampleViolations().get(0));
      out.println("reproduce: ./vmqsc simulate --scenario " + scenarioOption.forShell()
          + " --protocol " + s.protocol() + controlDelay.forShell() + " --seed "
          + s.sampleViolations().get(0).seed());
    });
    if (outDir != null) {
      out.println("report: " + outDir.path().resolve(Reports.REPORT_HTML));
    }
    out.flush();
  }
}
