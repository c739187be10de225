package org.vmqsc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vmqsc.sim.Checker;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vmqsc check}: many seeded runs with random VM and host failures, under the oracle. */
@Command(name = "check",
    description = "Runs a scenario many times with random VM and host failures under the oracle.")
final class CheckCommand implements Callable<Integer> {
  /** Enough seeds to start debugging from; the full list is in --json. */
  private static final int MAX_REPRODUCE_LINES = 10;
  /** The checker samples up to three per failing run; a handful is enough to read. */
  private static final int MAX_SAMPLE_LINES = 10;

  @Spec CommandSpec spec;
  @Mixin ScenarioOption scenarioOption;
  @Mixin ProtocolOption protocolOption;
  @Mixin ControlDelayOption controlDelay;

  @Option(names = "--runs", required = true, paramLabel = "N", description = "Number of runs (>= 1).")
  int runs;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the first run; run i uses S+i (default: the scenario's seed).")
  Long seed;

  @Option(names = "--json", description = "Print one JSON object instead of the report.")
  boolean json;

  @Override
  public Integer call() {
    if (runs < 1) {
      throw new ParameterException(spec.commandLine(), "--runs must be >= 1, got " + runs);
    }
    Scenario scenario = scenarioOption.load();
    SimOptions options = controlDelay.apply(protocolOption.apply(SimOptions.defaults()));
    long firstSeed = seed != null ? seed : scenario.seed();
    Checker.Report report;
    try (ProgressLine progress = ProgressLine.open(spec.commandLine().getErr(), "check", "runs", json)) {
      report = Checker.check(scenario, runs, firstSeed, options, progress::update);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, toJson(scenario, options.protocol(), firstSeed, report));
    } else {
      printReport(out, scenario, firstSeed, report);
    }
    return report.violations() == 0 ? 0 : 1;
  }

  private static ObjectNode toJson(Scenario scenario, String protocol, long firstSeed,
      Checker.Report r) {
    ObjectNode o = Json.object();
    o.put("scenario", scenario.name());
    o.put("protocol", protocol);
    o.put("firstSeed", firstSeed);
    o.put("runs", r.runs());
    o.put("vmFailures", r.vmFailures());
    o.put("hostFailures", r.hostFailures());
    o.put("hostFailuresWithPendingWrites", r.hostFailuresWithPendingWrites());
    o.put("recoveriesFellBack", r.fellBack());
    o.put("recoveriesRelocated", r.relocated());
    o.put("violations", r.violations());
    ArrayNode seeds = o.putArray("failingSeeds");
    r.failingSeeds().forEach(seeds::add);
    ArrayNode sample = o.putArray("sampleViolations");
    r.sample().forEach(v -> sample.add(v.toString()));
    return o;
  }

  private void printReport(PrintWriter out, Scenario s, long firstSeed, Checker.Report r) {
    out.printf(Locale.ROOT, "scenario          %s, seeds %d..%d%n", s.name(), firstSeed,
        firstSeed + r.runs() - 1);
    out.printf(Locale.ROOT, "protocol          %s%n", protocolOption.name);
    out.printf(Locale.ROOT, "runs              %d%n", r.runs());
    out.printf(Locale.ROOT, "VM failures       %d%n", r.vmFailures());
    out.printf(Locale.ROOT, "host failures     %d (%d with lazy writes pending)%n",
        r.hostFailures(), r.hostFailuresWithPendingWrites());
    if (r.relocated() > 0 || r.fellBack() > 0) {
      out.printf(Locale.ROOT, "host recoveries   %d moved VMs to other hosts (D14), %d fell back "
          + "past a damaged checkpoint (D15)%n", r.relocated(), r.fellBack());
    }
    out.printf(Locale.ROOT, "violations        %d%n", r.violations());
    if (!r.failingSeeds().isEmpty()) {
      out.printf(Locale.ROOT, "failing runs      %d: seeds %s%n", r.failingSeeds().size(),
          r.failingSeeds());
      r.failingSeeds().stream().limit(MAX_REPRODUCE_LINES).forEach(seedN -> out.println(
          "reproduce: ./vmqsc check --scenario " + scenarioOption.forShell()
              + protocolOption.forShell() + controlDelay.forShell() + " --runs 1 --seed "
              + seedN));
      out.println("sample violations:");
      r.sample().stream().limit(MAX_SAMPLE_LINES).forEach(v -> out.println("  " + v));
    }
    out.flush();
  }
}
