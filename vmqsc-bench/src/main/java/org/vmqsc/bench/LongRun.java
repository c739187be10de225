package org.vmqsc.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * Memory check of a long simulation: runs a scenario (default {@code paper-example-1000}) with the
 * oracle off for a simulated duration long enough to deliver about {@code messages} messages
 * (default 10^8; the duration is computed from the scenario's total send rate), and prints one
 * line with delivered messages, wall time, messages per second and heap figures:
 *
 * <ul>
 *   <li>{@code live_MiB@25%/50%/75%/99%}: heap used (totalMemory - freeMemory) right after a full
 *       GC ({@link System#gc()}) forced from the progress callback at 25, 50, 75 and 99 % of the
 *       simulated time, i.e. while the simulation is running and all its state is reachable. If
 *       the simulator kept per-message state these would grow with the run, and the 10^8 run would
 *       show ten times the 10^7 run's figures;
 *   <li>{@code heap_after_full_gc_end_MiB}: the same after the run has returned (the simulation is
 *       garbage by then, so this is the baseline of the JVM and the loaded classes);
 *   <li>{@code heap_max_sampled_MiB}: the largest totalMemory - freeMemory seen by a daemon thread
 *       sampling every second (garbage included, so it mostly reflects the young generation's
 *       size, not the live set).
 * </ul>
 *
 * The forced GCs' time is subtracted from the wall time.
 *
 * <pre>java -Xmx1g -XX:+UseParallelGC -cp vmqsc-bench/target/benchmarks.jar \
 *     org.vmqsc.bench.LongRun [messages] [scenario]</pre>
 */
public final class LongRun {
  private static final double MIB = 1024.0 * 1024.0;
  private static final double[] CHECKPOINTS = {0.25, 0.50, 0.75, 0.99};

  private LongRun() {}

  public static void main(String[] args) throws InterruptedException {
    long target = args.length > 0 ? Math.round(Double.parseDouble(args[0].replace("_", "")))
        : 100_000_000L;
    String name = args.length > 1 ? args[1] : "paper-example-1000";
    Scenario base = ScenarioLoader.load(name);
    double perSecond = sendRatePerSecond(base);
    long durationMillis = (long) Math.ceil(target * 1000.0 / perSecond);
    Scenario scenario = base.withDuration(durationMillis);

    Runtime rt = Runtime.getRuntime();
    AtomicLong maxSampled = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (true) {
        maxSampled.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();

    long[] live = new long[CHECKPOINTS.length];
    long[] forcedGcNanos = {0};
    int[] next = {0};
    SimOptions.Progress progress = (done, total) -> {
      // Only the simulated part with traffic counts; the drain period after it is short.
      while (next[0] < CHECKPOINTS.length && done >= CHECKPOINTS[next[0]] * durationMillis) {
        long g0 = System.nanoTime();
        System.gc();
        live[next[0]++] = rt.totalMemory() - rt.freeMemory();
        forcedGcNanos[0] += System.nanoTime() - g0;
      }
    };

    long t0 = System.nanoTime();
    SimResult r = Simulator.run(scenario,
        SimOptions.defaults().withOracle(false).withProgress(progress));
    double wall = (System.nanoTime() - t0 - forcedGcNanos[0]) / 1e9;
    maxSampled.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
    sampler.interrupt();
    sampler.join();

    System.gc();
    long afterGc = rt.totalMemory() - rt.freeMemory();
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    StringBuilder liveText = new StringBuilder();
    for (int i = 0; i < CHECKPOINTS.length; i++) {
      liveText.append(String.format(Locale.ROOT, " live_MiB@%d%%=%s", Math.round(CHECKPOINTS[i]
          * 100), i < next[0] ? String.format(Locale.ROOT, "%.1f", live[i] / MIB) : "n/a"));
    }
    System.out.printf(Locale.ROOT,
        "LongRun scenario=%s oracle=false target_messages=%d simulated_s=%d delivered=%d"
            + " events=%d violations=%d wall_s=%.1f msgs_per_s=%.0f%s"
            + " heap_after_full_gc_end_MiB=%.1f heap_max_sampled_MiB=%.1f gc_count=%d"
            + " gc_s=%.1f forced_gc_s=%.2f max_heap_MiB=%.0f%n",
        name, target, durationMillis / 1000, r.logging().delivered(), r.run().events(),
        r.violations().size(), wall, r.logging().delivered() / wall, liveText, afterGc / MIB,
        maxSampled.get() / MIB, gcCount, gcMillis / 1000.0, forcedGcNanos[0] / 1e9,
        rt.maxMemory() / MIB);
  }

  /** Messages sent per simulated second by the whole system: each flow's rate reaches every VM
   * of its receiving group. */
  static double sendRatePerSecond(Scenario s) {
    double total = 0;
    for (Scenario.Flow f : s.traffic()) {
      total += f.ratePerSecond() * s.group(f.to()).count();
    }
    if (total <= 0) {
      throw new IllegalArgumentException(s.name() + " has no traffic");
    }
    return total;
  }
}
