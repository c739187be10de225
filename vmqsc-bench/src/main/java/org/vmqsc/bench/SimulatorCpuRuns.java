package org.vmqsc.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * The simulator's throughput per CPU-second of its own thread, for an old-versus-new comparison on
 * a machine that other work keeps busy: wall time there measures the neighbours, the thread's CPU
 * time much less so. It runs one scenario {@code warmup + runs} times in this JVM and prints, per
 * measured run, wall seconds, the thread's CPU seconds and delivered messages per CPU-second, then
 * their medians. It uses only the simulator's entry points that the issue-14 baseline (7496a21)
 * has too, so with an old jar first on the class path the old simulator and core run:
 *
 * <pre>
 * java -Xmx1g -XX:+UseParallelGC -cp OLD/benchmarks.jar:vmqsc-bench/target/benchmarks.jar \
 *     org.vmqsc.bench.SimulatorCpuRuns paper-example-1000 [--oracle] [--warmup N] [--runs N]</pre>
 *
 * The collector's threads are not counted (JMH's {@code -prof gc} gives allocation per run).
 */
public final class SimulatorCpuRuns {
  private SimulatorCpuRuns() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: SimulatorCpuRuns SCENARIO [--oracle] [--warmup N] [--runs N]");
      System.exit(2);
    }
    boolean oracle = false;
    int warmup = 3;
    int runs = 5;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--oracle" -> oracle = true;
        case "--warmup" -> warmup = count(args, ++i);
        case "--runs" -> runs = count(args, ++i);
        default -> fail("unknown option " + args[i]);
      }
    }
    Scenario s = ScenarioLoader.load(args[0]).withDuration(300_000);
    SimOptions options = SimOptions.defaults().withOracle(oracle);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    List<Double> perCpu = new ArrayList<>();
    List<Double> perWall = new ArrayList<>();
    for (int i = 0; i < warmup + runs; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      SimResult r = Simulator.run(s, options);
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
      long delivered = r.logging().delivered();
      if (!r.violations().isEmpty()) {
        fail("violations: " + r.violations());
      }
      boolean measured = i >= warmup;
      if (measured) {
        perCpu.add(delivered / cpu);
        perWall.add(delivered / wall);
      }
      System.out.printf(Locale.ROOT, "%s %d: delivered=%d wall_s=%.3f cpu_s=%.3f msgs_per_cpu_s=%.0f"
          + " msgs_per_s=%.0f%n", measured ? "run" : "warmup", i, delivered, wall, cpu,
          delivered / cpu, delivered / wall);
    }
    System.out.printf(Locale.ROOT, "median msgs_per_cpu_s=%.0f msgs_per_s=%.0f runs=%d oracle=%s%n",
        median(perCpu), median(perWall), runs, oracle);
  }

  private static int count(String[] args, int i) {
    if (i >= args.length) {
      fail("a count is missing after " + args[i - 1]);
    }
    try {
      int n = Integer.parseInt(args[i]);
      if (n < 0 || n > 1000) {
        fail("a count from 0 to 1000, not " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      fail("not a count: " + args[i]);
      return 0;
    }
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    sorted.sort(null);
    int n = sorted.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void fail(String message) {
    System.err.println(message);
    System.exit(2);
  }
}
