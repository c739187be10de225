package org.vmqsc.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vmqsc.core.spi.CostCounts;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.scenario.Scenario;

/**
 * {@code vmqsc compare --runtime}: each protocol on real processes and in the simulator, on the
 * same scenario (its groups, placement and traffic), the same base period, checkpoint size and
 * traffic time, without failures; one row each, with the same cost definitions. The simulator
 * models the scenario's network delay and clock drift; the real runtime has this machine's.
 */
final class RuntimeCompare {
  /** One row: a protocol on one driver. */
  record Row(String protocol, String driver, long delivered, CostCounts.Snapshot costs,
      long stableBytesWritten, double vmHours, String note) {
    double eta(long stable) {
      return delivered == 0 ? 0 : (double) stable / delivered;
    }
  }

  private RuntimeCompare() {}

  static List<Row> run(String scenarioName, Scenario scenario, List<String> protocols,
      long periodMillis, long imageBytes, long seconds, PrintWriter progress) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (String p : protocols) {
      rows.add(simulated(scenario, p, periodMillis, imageBytes, seconds));
      progress.println("compare --runtime: " + p + " on real processes (" + seconds + " s)...");
      progress.flush();
      Path dir = Files.createTempDirectory("vmqsc-compare-" + p + "-");
      RuntimeRun.Measured m = RuntimeRun.run(scenarioName, p, periodMillis, imageBytes, seconds,
          dir);
      rows.add(new Row(p, "runtime", m.delivered(), m.costs(), m.stableBytesWritten(),
          scenario.vmCount() * m.elapsedMillis() / 3.6e6,
          m.problems().isEmpty() ? "" : "P2/P6: " + m.problems().get(0) + " (logs in " + dir
              + ")"));
    }
    return rows;
  }

  /** The simulator on the same setting: failures off, T0 and checkpoint size as the runtime's. */
  private static Row simulated(Scenario s, String protocol, long periodMillis, long imageBytes,
      long seconds) {
    List<Scenario.Group> groups = s.groups().stream().map(g -> new Scenario.Group(g.name(),
        g.count(), g.k(), g.host(), imageBytes)).toList();
    Scenario same = new Scenario(s.name(), periodMillis, seconds * 1000, s.seed(), s.hosts(),
        groups, s.traffic(), s.network(), s.clock(), s.storage(), s.recovery(), s.workload(),
        Scenario.Failures.none());
    SimResult r = Simulator.run(same, SimOptions.defaults().withProtocol(protocol));
    SimResult.Logging l = r.logging();
    CostCounts.Snapshot c = new CostCounts.Snapshot(l.delivered(), l.stableR6(), l.stableR8(),
        l.stableOther(), 0, r.checkpoints().basic(), r.checkpoints().forced(), 0,
        r.costs().controlMessages());
    return new Row(protocol, "simulator", l.delivered(), c, r.costs().stableBytesWritten(),
        s.vmCount() * r.run().simulatedMillis() / 3.6e6,
        r.violations().isEmpty() ? "" : r.violations().size() + " violations");
  }

  static void print(PrintWriter out, List<Row> rows) {
    out.println(String.format(Locale.ROOT, "%-12s %-10s %10s %7s %7s %7s %7s %9s %9s %9s %10s %s",
        "protocol", "driver", "delivered", "eta", "eta R6", "eta R8", "other", "basic/VMh",
        "forced/VMh", "ctrl/VMh", "MB/VMh", "note"));
    for (Row r : rows) {
      CostCounts.Snapshot c = r.costs();
      out.println(String.format(Locale.ROOT,
          "%-12s %-10s %10d %7.4f %7.4f %7.4f %7.4f %9.1f %9.1f %9.1f %10.0f %s", r.protocol(),
          r.driver(), r.delivered(), r.eta(c.stableR6() + c.stableR8() + c.stableOther()),
          r.eta(c.stableR6()), r.eta(c.stableR8()), r.eta(c.stableOther()),
          c.basicCheckpoints() / r.vmHours(), c.forcedCheckpoints() / r.vmHours(),
          c.controlMessages() / r.vmHours(), r.stableBytesWritten() / 1e6 / r.vmHours(),
          r.note()));
    }
    out.flush();
  }
}
