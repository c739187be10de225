package org.vmqsc.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * One point of the simulator's scaling curve (issue 14): runs one scenario once, oracle off
 * unless {@code --oracle}, and prints one line with wall time, delivered messages, messages per
 * second of wall time and the heap's peak.
 *
 * <p>The peak comes from the heap pools' own peak usage ({@link MemoryPoolMXBean#getPeakUsage},
 * reset before the run), not from a reading after a {@code System.gc()} at the end, which would
 * see the simulation already collected. {@code heap_peak_MiB} adds the pools' peaks: an upper
 * bound of the heap in use at any one time (the pools need not peak together), garbage
 * included. {@code old_peak_MiB} is the old generation's peak alone, where a long run's live
 * state ends up; {@code old_after_gc_peak_MiB}, the most the old generation held right after a
 * collection (what survived it), sampled at every GC, is the closest to the live set (0 when
 * the old generation was never collected: it then held less than it could).
 *
 * <p>{@code --csv FILE} also appends the run as one row of {@link #COLUMNS} to FILE (with a
 * header when the file is new), for {@link ScalingChart}.
 *
 * <pre>java -Xmx8g -XX:+UseParallelGC -cp vmqsc-bench/target/benchmarks.jar \
 *     org.vmqsc.bench.ScalingRun scale-10k [--oracle] [--duration SECONDS] [--csv FILE]</pre>
 */
public final class ScalingRun {
  private static final double MIB = 1024.0 * 1024.0;

  /** The columns of {@code --csv}'s rows (then {@link CsvLog#TRAILER}); ScalingChart reads them. */
  public static final java.util.List<String> COLUMNS = java.util.List.of("scenario", "vms",
      "hosts", "oracle", "simulated_s", "delivered", "wall_s", "msgs_per_s", "cpu_s",
      "msgs_per_cpu_s", "heap_peak_MiB", "old_after_gc_peak_MiB", "gc_s", "max_heap_MiB");

  private ScalingRun() {}

  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: ScalingRun SCENARIO [--oracle] [--duration SECONDS] [--csv FILE]");
      System.exit(2);
    }
    Scenario s = ScenarioLoader.load(args[0]);
    boolean oracle = false;
    String csv = null;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--oracle")) {
        oracle = true;
      } else if (args[i].equals("--duration") && i + 1 < args.length) {
        s = s.withDuration(Math.round(Double.parseDouble(args[++i]) * 1000));
      } else if (args[i].equals("--csv") && i + 1 < args.length) {
        csv = args[++i];
      } else {
        System.err.println("unknown argument: " + args[i]);
        System.exit(2);
      }
    }
    CsvLog log = null;
    try {
      log = csv == null ? null : CsvLog.open(csv, COLUMNS); // refused now, not after the run
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
    double load = CsvLog.load();
    PoolPeaks peaks = new PoolPeaks();
    long gcBefore = gcMillis();
    long[] lastPercent = {-1};
    SimOptions.Progress progress = (done, total) -> {
      long pct = done * 10 / Math.max(1, total);
      if (pct != lastPercent[0]) {
        lastPercent[0] = pct;
        System.err.printf(Locale.ROOT, "%s: %d%% simulated%n", args[0], pct * 10);
      }
    };
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpu0 = threads.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    SimResult r = Simulator.run(s, SimOptions.defaults().withOracle(oracle)
        .withProgress(progress));
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
    peaks.sampleAfterGc();
    double gc = (gcMillis() - gcBefore) / 1000.0;
    double maxHeap = Runtime.getRuntime().maxMemory() / MIB;
    long delivered = r.logging().delivered();
    System.out.printf(Locale.ROOT,
        "ScalingRun scenario=%s vms=%d hosts=%d oracle=%s simulated_s=%d delivered=%d events=%d"
            + " violations=%d wall_s=%.1f msgs_per_s=%.0f cpu_s=%.1f msgs_per_cpu_s=%.0f"
            + " heap_peak_MiB=%.0f old_peak_MiB=%.0f"
            + " old_after_gc_peak_MiB=%.0f gc_s=%.1f max_heap_MiB=%.0f%n",
        s.name(), s.vmCount(), s.hosts(), oracle, s.durationMillis() / 1000,
        delivered, r.run().events(), r.violations().size(), wall, delivered / wall, cpu,
        delivered / cpu, peaks.heapPeak() / MIB, peaks.oldPeak() / MIB,
        peaks.oldAfterGcPeak / MIB, gc, maxHeap);
    if (log != null) {
      log.append(load, s.name(), s.vmCount(), s.hosts(), oracle, s.durationMillis() / 1000,
          delivered, wall, delivered / wall, cpu, delivered / cpu,
          (double) Math.round(peaks.heapPeak() / MIB),
          (double) Math.round(peaks.oldAfterGcPeak / MIB), gc, (double) Math.round(maxHeap));
    }
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  /** The heap pools' peaks since construction, and what the old generation kept after GCs. */
  private static final class PoolPeaks {
    private long oldAfterGcPeak;

    PoolPeaks() {
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        p.resetPeakUsage();
      }
      // Each collection's after-GC usage of the old pool, taken when the GC ends.
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((javax.management.NotificationEmitter) gc).addNotificationListener(
            (n, h) -> sampleAfterGc(), null, null);
      }
    }

    synchronized void sampleAfterGc() {
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (isOld(p) && p.getCollectionUsage() != null) {
          oldAfterGcPeak = Math.max(oldAfterGcPeak, p.getCollectionUsage().getUsed());
        }
      }
    }

    long heapPeak() {
      long sum = 0;
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) {
          sum += p.getPeakUsage().getUsed();
        }
      }
      return sum;
    }

    long oldPeak() {
      long peak = 0;
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (isOld(p)) {
          peak = Math.max(peak, p.getPeakUsage().getUsed());
        }
      }
      return peak;
    }

    private static boolean isOld(MemoryPoolMXBean p) {
      return p.getType() == MemoryType.HEAP
          && (p.getName().contains("Old") || p.getName().contains("Tenured"));
    }
  }
}
