package org.vmqsc.cli.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The scenario a chaos cluster runs: {@code hosts} hosts with two VMs each (one SI, one MI2, so
 * that both selective logging's cases, R6 and not, are exercised), bank guests, every VM sending
 * to every other at 1 msg/s, and lazy writes lagging one period (R10).
 */
public final class ChaosScenario {
  public static final int VMS_PER_HOST = 2;
  static final String FILE_NAME = "chaos-scenario.yaml";

  private ChaosScenario() {}

  /** Writes the scenario into {@code dir}; its path (for {@code cluster up --scenario}). */
  public static Path write(Path dir, int hosts, String period) throws IOException {
    StringBuilder b = new StringBuilder("# written by vmqsc chaos\n")
        .append("name: chaos-").append(hosts).append("-hosts\n")
        .append("basePeriod: ").append(period).append('\n')
        .append("duration: 3600s\nseed: 1\nhosts: ").append(hosts).append("\ngroups:\n");
    for (int h = 0; h < hosts; h++) {
      b.append("  - {name: si").append(h).append(", count: 1, type: SI, host: ").append(h)
          .append(", checkpointSize: 64KiB}\n");
      b.append("  - {name: mi").append(h).append(", count: 1, type: MI2, host: ").append(h)
          .append(", checkpointSize: 64KiB}\n");
    }
    b.append("traffic:\n");
    for (int from = 0; from < hosts * VMS_PER_HOST; from++) {
      for (int to = 0; to < hosts * VMS_PER_HOST; to++) {
        if (from != to) {
          b.append("  - {from: ").append(group(from)).append(", to: ").append(group(to))
              .append(", rate: 1}\n");
        }
      }
    }
    b.append("network: {delay: {uniform: [1ms, 20ms]}}\n")
        .append("storage: {bandwidth: 100MB/s, lazyDelay: ").append(period).append("}\n")
        .append("workload: bank\n");
    Path file = dir.resolve(FILE_NAME);
    Files.writeString(file, b.toString());
    return file;
  }

  private static String group(int vm) {
    return (vm % VMS_PER_HOST == 0 ? "si" : "mi") + vm / VMS_PER_HOST;
  }
}
