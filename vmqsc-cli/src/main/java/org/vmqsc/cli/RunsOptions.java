package org.vmqsc.cli;

import org.vmqsc.report.OutputDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Spec.Target;

/** Options of the commands that run many seeded simulations and can write a report. */
final class RunsOptions {
  @Spec(Target.MIXEE) CommandSpec mixee;

  @Option(names = "--seeds", paramLabel = "N", defaultValue = "1",
      description = "Runs per protocol (>= 1; default ${DEFAULT-VALUE}); more give 95%% "
          + "confidence intervals.")
  int seeds;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seed of the first run; run i uses S+i (default: the scenario's seed).")
  Long seed;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Also write CSV, JSON, charts (PNG, SVG) and report.html into DIR.")
  String out;

  @Option(names = "--json", description = "Print a JSON array instead of the table.")
  boolean json;

  @Option(names = "--no-oracle", description = "Skip the oracle's checks (faster; no violations).")
  boolean noOracle;

  /** --seeds, checked (exit 2 when < 1). */
  int seeds() {
    if (seeds < 1) {
      throw new ParameterException(mixee.commandLine(), "--seeds must be >= 1, got " + seeds);
    }
    return seeds;
  }

  long firstSeed(long scenarioSeed) {
    return seed != null ? seed : scenarioSeed;
  }

  /**
   * The --out directory, created and proved writable now, before any simulation runs; null
   * without --out. OutputException (exit 2) when it cannot be written.
   */
  OutputDir outDir() {
    return out == null ? null : OutputDir.prepare(out);
  }
}
