package org.vmqsc.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.vmqsc.report.OutputDir;
import org.vmqsc.report.Reports;
import org.vmqsc.report.Results;
import org.vmqsc.report.Sweep;
import org.vmqsc.report.Table;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vmqsc sweep}: one scenario key varied, the protocols compared at each value. */
@Command(name = "sweep",
    description = {
        "Varies one scenario key and compares the protocols at each value (as vmqsc compare "
            + "does); --out draws each metric against the value, a line per protocol.",
        "",
        "Keys (values use the scenario file's units; durations need one: ms, s, m, h):",
        "  miShare=0.25,0.5,0.75  share of the VMs of the SI groups and the first MI group",
        "                         that are MI (the total kept; SI groups shrink or grow",
        "                         in proportion; every group keeps >= 1 VM)",
        "  delay=0ms,5ms,20ms     a fixed network delay between hosts",
        "  drift=0,1e-4,1e-3      clock.maxDrift: each host drifts within [-v, v]",
        "                         (an explicit drifts list is dropped)",
        "  basePeriod=5s,10s,20s  T0, the base checkpoint period",
        "  rate=0.5,1,2           a factor on every traffic rate",
        "  vmMtbf=500s,2000s,0s   mean time between failures of each VM (0s: none)",
        "  hostMtbf=1000s,5000s   mean time between failures of each host (0s: none)",
        "  vms=0.5,1,2            a factor on every group's VM count (rounded)",
        ""})
final class SweepCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ScenarioOption scenarioOption;
  @Mixin ProtocolsOption protocolsOption;
  @Mixin RunsOptions runs;
  @Mixin ControlDelayOption controlDelay;

  @Option(names = "--vary", required = true, paramLabel = "KEY=v1,v2,...",
      description = "The key to vary and its values (keys above).")
  String vary;

  @Override
  public Integer call() {
    Scenario scenario = scenarioOption.load();
    Sweep.Vary values = parseVary(scenario);
    List<String> protocols = protocolsOption.require(values.apply(scenario));
    int seeds = runs.seeds();
    OutputDir outDir = runs.outDir();
    Sweep sweep;
    try (ProgressLine progress =
        ProgressLine.open(spec.commandLine().getErr(), "sweep", "runs", runs.json)) {
      sweep = Sweep.run(scenario, values, protocols, runs.firstSeed(scenario.seed()), seeds,
          controlDelay.apply(SimOptions.defaults().withOracle(!runs.noOracle)), progress::update);
    }
    if (outDir != null) {
      Reports.write(sweep, outDir, ReportProvenance.of(spec, scenarioOption.nameOrPath));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (runs.json) {
      Json.print(out, Results.json(sweep));
    } else {
      out.println("scenario: " + sweep.scenario() + ", varying " + sweep.key().key() + ", "
          + Seeds.describe(sweep.firstSeed(), sweep.seeds()) + ", oracle "
          + (sweep.oracle() ? "on" : "off (violations not checked)"));
      out.print(Table.of(sweep).text());
      if (outDir != null) {
        out.println("report: " + outDir.path().resolve(Reports.REPORT_HTML));
      }
      out.flush();
    }
    boolean violations = sweep.points().stream().anyMatch(p -> p.comparison().hasViolations());
    return violations ? 1 : 0;
  }

  /** The key and values, each checked and applied to the scenario once, before any run. */
  private Sweep.Vary parseVary(Scenario scenario) {
    try {
      Sweep.Vary parsed = Sweep.Vary.parse(vary);
      parsed.apply(scenario);
      return parsed;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
