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

  @Option(names = "--seed", paramLabel = "N", description = "Overrides the scenario's seed.")
  Long seed;

  @Option(names = "--json", description = "Print one JSON object instead of the summary.")
  boolean json;

  @Option(names = "--no-oracle", description = "Skip the oracle's checks (faster; no violations).")
  boolean noOracle;

  @Override
  public Integer call() {
    Scenario scenario = scenarioOption.load();
    SimOptions protocol = controlDelay.apply(protocolOption.apply(SimOptions.defaults()));
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
    o.put("scenario", r.scenario());
    o.put("protocol", r.protocol());
    o.put("seed", r.seed());
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
    line(out, "scenario", r.scenario() + " (seed " + r.seed() + ")");
    line(out, "protocol", r.protocol());
    line(out, "VMs / hosts", s.vmCount() + " VMs on " + s.hosts() + " hosts, base period "
        + Human.millis(s.basePeriodMillis()));
    line(out, "simulated time", Human.millis(r.simulatedMillis()) + " (" + Human.count(r.events())
        + " events)");
    line(out, "delivered", Human.count(r.deliveredMessages()) + " messages");
    // A baseline's own logging (receipts, channel state) is neither R6 nor R8.
    boolean other = r.stableLoggedOther() > 0;
    line(out, "stably logged", Human.count(r.stableLoggedMessages()) + " messages: R6 "
        + Human.count(r.stableLoggedR6()) + ", R8 " + Human.count(r.stableLoggedR8())
        + (other ? ", other " + Human.count(r.stableLoggedOther()) : ""));
    line(out, "eta", Human.share(r.eta()) + " = R6 " + Human.share(r.etaR6()) + " + R8 "
        + Human.share(r.etaR8()) + (other ? " + other " + Human.share(r.etaOther()) : "")
        + "   (analytic, R6 only: " + Human.share(r.etaAnalytic()) + ")");
    line(out, "checkpoints", Human.count(r.basicCheckpoints()) + " basic, "
        + Human.count(r.forcedCheckpoints()) + " forced");
    line(out, "control messages", Human.count(r.controlMessages()));
    line(out, "stable storage", Human.bytes(r.stableBytesWritten()) + " written, "
        + Human.bytes(r.peakStableBytesHeld()) + " peak held");
    line(out, "failures", r.vmFailures() + " VM, " + r.hostFailures() + " host ("
        + r.hostFailuresWithPendingWrites() + " with lazy writes pending)");
    line(out, "rolled back", r.vmsRolledBack() + " VMs in " + r.rollbacks() + " recoveries, "
        + String.format(Locale.ROOT, "%.3f", r.workLostVmSeconds()) + " VM-s of work lost");
    line(out, "recovery", Human.millis(Math.round(r.meanRecoveryMillis())) + " mean per failure");
    line(out, "blocked", String.format(Locale.ROOT, "%.3f VM-s", r.blockedVmSeconds()));
    line(out, "durable lag", String.format(Locale.ROOT, "%.3f base periods (mean)",
        r.meanDurableLag()));
    printViolations(out, r.violations(), r.seed());
    out.flush();
  }

  private void printViolations(PrintWriter out, List<Violation> violations, long seed) {
    line(out, "violations", noOracle ? "not checked (--no-oracle)" : Integer.toString(violations.size()));
    violations.stream().limit(MAX_LISTED).forEach(v -> out.println("  " + v));
    if (violations.size() > MAX_LISTED) {
      out.println("  ... and " + (violations.size() - MAX_LISTED) + " more");
    }
    if (!violations.isEmpty()) {
      out.println("reproduce: ./vmqsc simulate --scenario " + scenarioOption.forShell()
          + protocolOption.forShell() + " --seed " + seed);
    }
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf(Locale.ROOT, "%-17s %s%n", label, value);
  }
}
