package org.vmqsc.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vmqsc.report.Durations;
import org.vmqsc.report.EtaChart;
import org.vmqsc.report.OutputDir;
import org.vmqsc.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vmqsc etachart}: the paper's analytic eta against simulated eta, over a family. */
@Command(name = "etachart",
    description = {
        "Runs VM_QSC on 24 variants of paper-example that generalise the paper's §5 and draws "
            + "analytic eta (SPEC §6) against simulated eta, with y = x and the paper's own "
            + "point (eta = 1/6) marked.",
        "Variants: traffic ratio r = la1:la2 = lb1:lb2 in 0.5, 1, 2, 4 (la2 = 2, lb2 = 1 "
            + "msg/s as in the paper) times six splits of the 10 MI VMs among MI2, MI3 and "
            + "MI5 (10:0:0, 0:10:0, 0:0:10, 5:5:0, 0:5:5, 4:3:3); 10 SI VMs, zero delay, no "
            + "drift, no failures. Writes etachart.csv, etachart.json, the chart as PNG and "
            + "SVG, and report.html."})
final class EtaChartCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Directory for the chart, CSV, JSON and report.html.")
  String out;

  @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
      description = "Runs per variant (>= 1; default ${DEFAULT-VALUE}).")
  int seeds;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Seed of the first run; run i uses S+i (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--duration", paramLabel = "TIME", defaultValue = "3000s",
      description = "Simulated time per run, e.g. 600s (default ${DEFAULT-VALUE}, as "
          + "paper-example).")
  String duration;

  @Option(names = "--json", description = "Print a JSON array instead of the table.")
  boolean json;

  @Option(names = "--no-oracle", description = "Skip the oracle's checks (faster).")
  boolean noOracle;

  @Override
  public Integer call() {
    if (seeds < 1) {
      throw new ParameterException(spec.commandLine(), "--seeds must be >= 1, got " + seeds);
    }
    double millis = Durations.millis(duration);
    if (Double.isNaN(millis) || millis < 1 || millis != Math.rint(millis)) {
      throw new ParameterException(spec.commandLine(), "--duration: '" + duration
          + "' is not a whole positive number of milliseconds with a unit (use e.g. 600s)");
    }
    OutputDir outDir = OutputDir.prepare(out);
    EtaChart.Result result;
    try (ProgressLine progress =
        ProgressLine.open(spec.commandLine().getErr(), "etachart", "runs", json)) {
      result = EtaChart.run((long) millis, seed, seeds, !noOracle, progress::update);
    }
    EtaChart.write(result, outDir);
    PrintWriter stdout = spec.commandLine().getOut();
    if (json) {
      Json.print(stdout, EtaChart.json(result));
    } else {
      stdout.print(EtaChart.table(result).text());
      stdout.println("report: " + outDir.path().resolve(Reports.REPORT_HTML));
      stdout.flush();
    }
    return 0;
  }
}
