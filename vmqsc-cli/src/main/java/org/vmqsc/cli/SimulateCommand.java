package org.vmqsc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vmqsc.report.Metric;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.Violation;
import org.vmqsc.sim.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vmqsc simulate}: one run of a scenario under the oracle, summarised. */
@Command(name = "simulate", description = "Runs one simulation of a scenario and summarises it.")
final class SimulateCommand implements Callable<Integer> {
  /** Past this many, more violations only bury the first ones, which usually cause the rest. */
  private static final int MAX_LISTED = 20;

  @Spec CommandSpec spec;
  @Mixin ScenarioOption scenarioOption;
  @Mixin ProtocolOption protocolOption;
  @Mixin ControlDelayOption controlDelay;
  @Mixin BreakOption breakOption;

  @Option(names = "--seed", paramLabel = "N", description = "Overrides the scenario's seed.")
  Long seed;

  @Option(names = "--json", description = "Print one JSON object instead of the summary.")
  boolean json;

  @Option(names = "--no-oracle", description = "Skip the oracle's checks (faster; no violations).")
  boolean noOracle;

  @Override
  public Integer call() {
    Scenario scenario = scenarioOption.load();
    SimOptions protocol = breakOption.apply(
        controlDelay.apply(protocolOption.apply(SimOptions.defaults())));
    if (seed != null) {
      scenario = scenario.withSeed(seed);
    }
    PrintWriter out = spec.commandLine().getOut();
    SimResult result;
    try (ProgressLine progress = ProgressLine.open(spec.commandLine().getErr(), "simulate", json)) {
      SimOptions options = protocol.withOracle(!noOracle).withProgress(progress::update);
      result = Simulator.run(scenario, options);
    }
    if (json) {
      Json.print(out, toJson(scenario, result, !noOracle));
    } else {
      printSummary(out, scenario, result);
    }
    return result.violations().isEmpty() ? 0 : 1;
  }

  /** Every {@link Metric} by its key: compare and sweep report their means under the same keys. */
  private static ObjectNode toJson(Scenario s, SimResult r, boolean oracle) {
    ObjectNode o = Json.object();
    o.put("scenario", r.run().scenario());
    o.put("protocol", r.run().protocol());
    o.put("seed", r.run().seed());
    o.put("oracle", oracle);
    for (Metric m : Metric.values()) {
      if (m.integral()) {
        o.put(m.key(), Math.round(m.of(r, s)));
      } else {
        o.put(m.key(), m.of(r, s));
      }
    }
    ArrayNode details = o.putArray("violationDetails");
    r.violations().forEach(v -> details.add(v.toString()));
    return o;
  }

  private void printSummary(PrintWriter out, Scenario s, SimResult r) {
    SimResult.Run run = r.run();
    line(out, "scenario", run.scenario() + " (seed " + run.seed() + ")");
    line(out, "protocol", run.protocol());
    if (!breakOption.names.isEmpty()) {
      line(out, "broken rules", breakOption.describe());
    }
    line(out, "VMs / hosts", s.vmCount() + " VMs on " + s.hosts() + " hosts, base period "
        + Human.millis(s.basePeriodMillis()));
    line(out, "simulated time", Human.millis(run.simulatedMillis()) + " ("
        + Human.count(run.events()) + " events)");
    printLogging(out, r.logging());
    line(out, "checkpoints", Human.count(r.checkpoints().basic()) + " basic, "
        + Human.count(r.checkpoints().forced()) + " forced");
    SimResult.Costs costs = r.costs();
    line(out, "control messages", Human.count(costs.controlMessages()));
    line(out, "stable storage", Human.bytes(costs.stableBytesWritten()) + " written, "
        + Human.bytes(costs.peakStableBytesHeld()) + " peak held");
    printFailures(out, r.failures());
    line(out, "blocked", String.format(Locale.ROOT, "%.3f VM-s", costs.blockedVmSeconds()));
    line(out, "durable lag", String.format(Locale.ROOT, "%.3f base periods (mean)",
        costs.meanDurableLag()));
    printViolations(out, r.violations(), run.seed());
    out.flush();
  }

  private static void printLogging(PrintWriter out, SimResult.Logging l) {
    line(out, "delivered", Human.count(l.delivered()) + " messages");
    // A baseline's own logging (receipts, channel state) is neither R6 nor R8.
    boolean other = l.stableOther() > 0;
    line(out, "stably logged", Human.count(l.stableTotal()) + " messages: R6 "
        + Human.count(l.stableR6()) + ", R8 " + Human.count(l.stableR8())
        + (other ? ", other " + Human.count(l.stableOther()) : ""));
    line(out, "eta", Human.share(l.eta()) + " = R6 " + Human.share(l.etaR6()) + " + R8 "
        + Human.share(l.etaR8()) + (other ? " + other " + Human.share(l.etaOther()) : "")
        + "   (analytic, R6 only: " + Human.share(l.etaAnalytic()) + ")");
  }

  private static void printFailures(PrintWriter out, SimResult.Failures f) {
    line(out, "failures", f.vmFailures() + " VM, " + f.hostFailures() + " host ("
        + f.hostFailuresWithPendingWrites() + " with lazy writes pending)");
    line(out, "rolled back", f.vmsRolledBack() + " VMs in " + f.rollbacks() + " recoveries, "
        + String.format(Locale.ROOT, "%.3f", f.workLostVmSeconds()) + " VM-s of work lost");
    line(out, "recovery", Human.millis(Math.round(f.meanRecoveryMillis())) + " mean per failure");
  }

  private void printViolations(PrintWriter out, List<Violation> violations, long seed) {
    line(out, "violations", noOracle ? "not checked (--no-oracle)" : Integer.toString(violations.size()));
    violations.stream().limit(MAX_LISTED).forEach(v -> out.println("  " + v));
    if (violations.size() > MAX_LISTED) {
      out.println("  ... and " + (violations.size() - MAX_LISTED) + " more");
    }
    if (!violations.isEmpty()) {
      out.println("reproduce: ./vmqsc simulate --scenario " + scenarioOption.forShell()
          + protocolOption.forShell() + controlDelay.forShell() + breakOption.forShell()
          + " --seed " + seed);
    }
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf(Locale.ROOT, "%-17s %s%n", label, value);
  }
}
