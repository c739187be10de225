package org.vmqsc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.Locale;
import org.vmqsc.sim.engine.HeapEstimate;
import org.vmqsc.sim.scenario.AnalyticEta;
import org.vmqsc.sim.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vmqsc analyze}: the paper's closed-form eta for a scenario, without simulating. */
@Command(name = "analyze",
    description = "Prints the analytic stable-logging share eta (SPEC §6) and its per-group terms.")
final class AnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ScenarioOption scenarioOption;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Override
  public Integer call() {
    Scenario scenario = scenarioOption.load();
    AnalyticEta analytic = AnalyticEta.of(scenario);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Json.print(out, toJson(scenario, analytic));
    } else {
      // describe() gives six decimals; the rounded value first is what people compare with 1/6.
      out.println("scenario: " + scenario.name() + ", analytic eta = " + Human.share(analytic.eta()));
      out.print(analytic.describe());
      out.println(heapLine(scenario));
      out.flush();
    }
    return 0;
  }

  /** What one simulate run of it needs (docs/simulator.md, "Heap"), to plan a big world. */
  private static String heapLine(Scenario s) {
    return String.format(Locale.ROOT, "heap for one simulate run: about %s with the oracle, %s"
            + " with --no-oracle (this JVM may use %s)",
        Human.bytes((long) HeapEstimate.of(s, true).heapBytes()),
        Human.bytes((long) HeapEstimate.of(s, false).heapBytes()),
        Human.bytes(Runtime.getRuntime().maxMemory()));
  }

  private static ObjectNode toJson(Scenario scenario, AnalyticEta analytic) {
    ObjectNode o = Json.object();
    o.put("scenario", scenario.name());
    o.put("eta", analytic.eta());
    o.putObject("heapEstimate")
        .put("oracleBytes", (long) HeapEstimate.of(scenario, true).heapBytes())
        .put("noOracleBytes", (long) HeapEstimate.of(scenario, false).heapBytes())
        .put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    ArrayNode terms = o.putArray("terms");
    for (AnalyticEta.Term t : analytic.terms()) {
      terms.addObject()
          .put("group", t.group())
          .put("k", t.k())
          .put("count", t.count())
          .put("receiveRate", t.receiveRate())
          .put("stablyLoggedRate", t.stablyLoggedRate());
    }
    return o;
  }
}
