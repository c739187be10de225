package org.vmqsc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vmqsc.sim.Checker;
import org.vmqsc.sim.Protocols;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.scenario.RandomWorlds;
import org.vmqsc.sim.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc check}: many seeded runs under the oracle, either of one scenario with random VM
 * and host failures, or of generated random worlds (RandomWorlds.world, world i from seed S+i).
 */
@Command(name = "check",
    description = {"Runs a scenario many times with random VM and host failures under the oracle,",
        "or (--random-worlds N) N generated small worlds, world i from seed S+i, with hosts",
        "failing together or during a recovery, long and heavy-tailed delays, slow storage."})
final class CheckCommand implements Callable<Integer> {
  /** Enough seeds to start debugging from; the full list is in --json. */
  private static final int MAX_REPRODUCE_LINES = 10;
  /** The checker samples up to three per failing run; a handful is enough to read. */
  private static final int MAX_SAMPLE_LINES = 10;

  @Spec CommandSpec spec;
  @Mixin ProtocolOption protocolOption;
  @Mixin ControlDelayOption controlDelay;
  @Mixin BreakOption breakOption;

  @Option(names = "--scenario", paramLabel = "NAME|FILE",
      description = "A bundled scenario's name or a YAML scenario file (with --runs).")
  String scenarioName;

  @Option(names = "--runs", paramLabel = "N", description = "Number of runs of --scenario (>= 1).")
  Integer runs;

  @Option(names = "--random-worlds", paramLabel = "N",
      description = "Instead of --scenario: N generated random worlds (>= 1).")
  Integer randomWorlds;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the first run or world; run i uses S+i (default: the scenario's "
          + "seed; 1 for --random-worlds).")
  Long seed;

  @Option(names = "--json", description = "Print one JSON object instead of the report.")
  boolean json;

  @Override
  public Integer call() {
    Scenario scenario = randomWorlds == null ? requireScenario() : null;
    int n = randomWorlds != null ? randomWorlds : runs;
    if (n < 1) {
      throw new ParameterException(spec.commandLine(), (randomWorlds != null ? "--random-worlds"
          : "--runs") + " must be >= 1, got " + n);
    }
    SimOptions options = breakOption.apply(
        controlDelay.apply(protocolOption.apply(SimOptions.defaults())));
    long firstSeed = seed != null ? seed : scenario != null ? scenario.seed() : 1;
    if (scenario == null && !Protocols.canRun(options.protocol(), RandomWorlds.world(firstSeed))) {
      throw new ParameterException(spec.commandLine(), "--random-worlds: protocol "
          + options.protocol() + " recovers nothing, and every random world has failures");
    }
    Checker.Report report;
    try (ProgressLine progress = ProgressLine.open(spec.commandLine().getErr(), "check",
        scenario == null ? "worlds" : "runs", json)) {
      report = scenario == null
          ? Checker.checkRandomWorlds(n, firstSeed, options, progress::update)
          : Checker.check(scenario, n, firstSeed, options, progress::update);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, toJson(scenario, options.protocol(), firstSeed, report));
    } else {
      printReport(out, scenario, firstSeed, report);
    }
    return report.violations() == 0 ? 0 : 1;
  }

  private Scenario requireScenario() {
    if (scenarioName == null || runs == null) {
      throw new ParameterException(spec.commandLine(),
          "give --scenario and --runs, or --random-worlds");
    }
    return scenarioOption().load();
  }

  private ScenarioOption scenarioOption() {
    ScenarioOption o = new ScenarioOption();
    o.nameOrPath = scenarioName;
    return o;
  }

  private ObjectNode toJson(Scenario scenario, String protocol, long firstSeed,
      Checker.Report r) {
    ObjectNode o = Json.object();
    if (scenario != null) {
      o.put("scenario", scenario.name());
    } else {
      o.put("randomWorlds", r.runs());
    }
    o.put("protocol", protocol);
    ArrayNode broken = o.putArray("brokenRules");
    breakOption.names.forEach(broken::add);
    o.put("firstSeed", firstSeed);
    o.put("runs", r.runs());
    o.put("vmFailures", r.vmFailures());
    o.put("hostFailures", r.hostFailures());
    o.put("hostFailuresWithPendingWrites", r.hostFailuresWithPendingWrites());
    o.put("hostRecoveries", r.hostRecoveries());
    o.put("recoveriesFellBack", r.fellBack());
    o.put("recoveriesRelocated", r.relocated());
    o.put("violations", r.violations());
    ObjectNode byProperty = o.putObject("violationsByProperty");
    r.byProperty().forEach(byProperty::put);
    ArrayNode seeds = o.putArray("failingSeeds");
    r.failingSeeds().forEach(seeds::add);
    ArrayNode sample = o.putArray("sampleViolations");
    r.sample().forEach(v -> sample.add(v.toString()));
    return o;
  }

  private void printReport(PrintWriter out, Scenario s, long firstSeed, Checker.Report r) {
    String seeds = "seeds " + firstSeed + ".." + (firstSeed + r.runs() - 1);
    if (s != null) {
      line(out, "scenario", s.name() + ", " + seeds);
      line(out, "runs", Integer.toString(r.runs()));
    } else {
      line(out, "random worlds", r.runs() + ", " + seeds + " (world i from seed S+i)");
    }
    line(out, "protocol", protocolOption.name);
    if (!breakOption.names.isEmpty()) {
      line(out, "broken rules", breakOption.describe());
    }
    line(out, "VM failures", Long.toString(r.vmFailures()));
    line(out, "host failures", r.hostFailures() + " (" + r.hostFailuresWithPendingWrites()
        + " with lazy writes pending)");
    line(out, "host recoveries", r.hostRecoveries() + " (" + r.relocated()
        + " moved VMs to other hosts, D14; " + r.fellBack()
        + " fell back past a damaged checkpoint, D15)");
    line(out, "violations", Long.toString(r.violations()));
    r.byProperty().forEach((p, count) -> line(out, "  " + p, Long.toString(count)));
    if (!r.failingSeeds().isEmpty()) {
      line(out, "failing " + (s == null ? "worlds" : "runs"), r.failingSeeds().size()
          + ": seeds " + r.failingSeeds());
      r.failingSeeds().stream().limit(MAX_REPRODUCE_LINES).forEach(seedN -> out.println(
          "reproduce: ./vmqsc check " + (s == null ? "--random-worlds 1"
              : "--scenario " + scenarioOption().forShell() + " --runs 1")
              + protocolOption.forShell() + controlDelay.forShell() + breakOption.forShell()
              + " --seed " + seedN));
      out.println("sample violations:");
      r.sample().stream().limit(MAX_SAMPLE_LINES).forEach(v -> out.println("  " + v));
    }
    out.flush();
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf(Locale.ROOT, "%-17s %s%n", label, value);
  }
}
