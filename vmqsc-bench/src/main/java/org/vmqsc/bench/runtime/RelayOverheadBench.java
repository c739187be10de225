package org.vmqsc.bench.runtime;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vmqsc.bench.BenchArgs;
import org.vmqsc.bench.CsvLog;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.role.ProtocolRegistry;

/**
 * Issue 4, item 1: relay throughput between VMs on two hosts with VM_QSC on, against the same
 * runtime with checkpointing and logging off (protocol {@code none}, the baseline) and against
 * pessimistic logging. All three run in the same harness ({@link BenchCluster}: an in-process
 * manager and two hypervisors on real gRPC over 127.0.0.1) on the same traffic (same topology,
 * rates and seed), one cluster after the other; only the node's {@code HostEngine} differs.
 *
 * <p>Every VM sends only to the VMs of the other host, at {@code ratePerVm} messages per second
 * in total (Poisson timers, which the runtime rounds to whole milliseconds, at least 1 ms apart,
 * so a VM fires at most ~690 times a second). Per window: messages delivered (the guests' ledger
 * receive counts), messages the guests sent, and process CPU (manager, both nodes, their writers
 * and this bench's polling) per delivered message. Each protocol's figure is the median of its
 * windows over all rounds; with several rounds the order of the protocols rotates, so that none
 * always runs first on a cold JVM.
 *
 * <p>Usage: {@code RelayOverheadBench [vmsPerHost=32] [ratePerVm=1000] [warmupSeconds=5]
 * [windows=5] [windowSeconds=2] [T0 millis=100] [rounds=1] [protocols=none,vmqsc,pessimistic]
 * [--csv FILE] [--lazy-ms MS]}: {@code --csv} appends one row per protocol ({@link
 * RuntimeColumns}: VMs, the delivered medians, CPU per message, the load when its first cluster
 * started) to FILE; {@code --lazy-ms} sets the storage's lazy delay (R10; default 2 T0).
 */
public final class RelayOverheadBench {
  private RelayOverheadBench() {}

  /** Per protocol, the windows of all its runs. */
  private record Windows(List<Double> delivered, List<Double> sent, List<Double> cpuPerMsg,
      List<Double> cores) {
    Windows() {
      this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }
  }

  /** Heartbeat timeout of the bench's clusters (ms). */
  private static final long HEARTBEAT = 3000;

  /** The storage's lazy delay (R10) if {@code --lazy-ms} was given; otherwise 2 T0. */
  private static long lazyMs = -1;

  public static void main(String[] argv) throws Exception {
    String[] args;
    CsvLog csv;
    try {
      BenchArgs parsed = BenchArgs.parse(argv, Set.of("--csv", "--lazy-ms"));
      args = parsed.positional();
      csv = RuntimeColumns.open(parsed.option("--csv"));
      String lazy = parsed.option("--lazy-ms");
      lazyMs = lazy == null ? -1 : Long.parseLong(lazy);
      if (lazy != null && lazyMs < 0) {
        throw new IllegalArgumentException("--lazy-ms must be >= 0, got " + lazy);
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    int perHost = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    double ratePerVm = args.length > 1 ? Double.parseDouble(args[1]) : 1000;
    double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 5;
    int windows = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    double windowSec = args.length > 4 ? Double.parseDouble(args[4]) : 2;
    long t0 = args.length > 5 ? Long.parseLong(args[5]) : 100;
    int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 1;
    List<String> protocols = new ArrayList<>();
    for (String p : (args.length > 7 ? args[7] : "none,vmqsc,pessimistic").split(",")) {
      protocols.add(ProtocolRegistry.get(p.trim()).name());
    }
    int n = 2 * perHost;
    Topology topo = topology(perHost);
    org.vmqsc.runtime.cluster.PeerRates rates = crossHostRates(topo, perHost, ratePerVm);
    System.out.printf(Locale.ROOT, "relay overhead bench: %d cores, %d VMs (%d per host), "
        + "%.0f msgs/s per VM to the other host, nominal %.0f msgs/s; T0 %d ms; warm-up %.0f s,"
        + " %d x %.1f s windows, %d round(s) of %s%n",
        Runtime.getRuntime().availableProcessors(), n, perHost, ratePerVm, ratePerVm * n, t0,
        warmup, windows, windowSec, rounds, protocols);

    Map<String, Windows> all = new HashMap<>();
    Map<String, Double> loads = new HashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < protocols.size(); i++) {
        String p = protocols.get((i + r) % protocols.size());
        Windows w = all.computeIfAbsent(p, x -> new Windows());
        loads.putIfAbsent(p, CsvLog.load());
        run(p, topo, t0, rates, warmup, windows, windowSec, w);
      }
    }
    System.out.println();
    for (String p : protocols) {
      Windows w = all.get(p);
      System.out.printf(Locale.ROOT, "%-12s delivered median %,9.0f msgs/s (min %,.0f, max %,.0f);"
          + " guests sent %,9.0f msgs/s; process CPU %5.1f us/msg, %.2f cores%n", p,
          median(w.delivered()), min(w.delivered()), max(w.delivered()), median(w.sent()),
          median(w.cpuPerMsg()), median(w.cores()));
      if (csv != null) {
        RuntimeColumns.relay(csv, loads.get(p), p, n, t0, HEARTBEAT, ratePerVm,
            median(w.delivered()), min(w.delivered()), max(w.delivered()), median(w.sent()),
            median(w.cpuPerMsg()), median(w.cores()));
      }
    }
    Windows base = all.get("none");
    if (base == null) {
      System.exit(0);
    }
    for (String p : protocols) {
      if (p.equals("none")) {
        continue;
      }
      Windows w = all.get(p);
      double ratio = median(w.delivered()) / median(base.delivered());
      double cpu = median(w.cpuPerMsg()) / median(base.cpuPerMsg());
      System.out.printf(Locale.ROOT, "RESULT %s/none: delivered %.3f (throughput overhead %.1f %%;"
          + " target <= 10 %%), CPU per message %.2fx (+%.0f %%)%n", p, ratio,
          100 * (1 - ratio), cpu, 100 * (cpu - 1));
    }
    System.exit(0);
  }

  /** Every VM sends {@code ratePerVm} msgs/s in all, spread evenly over the other host's VMs. */
  static org.vmqsc.runtime.cluster.PeerRates crossHostRates(Topology topo, int perHost,
      double ratePerVm) {
    int n = topo.vms();
    org.vmqsc.runtime.cluster.PeerRates.Builder pairs =
        org.vmqsc.runtime.cluster.PeerRates.builder(n);
    for (int v = 0; v < n; v++) {
      for (int p = 0; p < n; p++) {
        if (topo.hostOf(p) != topo.hostOf(v)) {
          pairs.add(v, p, ratePerVm / perHost);
        }
      }
    }
    return pairs.build();
  }

  /** {@code perHost} VMs on each of two hosts, SI, MI2 and MI3 in turn, 4 KiB checkpoints. */
  static Topology topology(int perHost) {
    int n = 2 * perHost;
    int[] k = new int[n];
    int[] hostOf = new int[n];
    long[] ckpt = new long[n];
    for (int v = 0; v < n; v++) {
      k[v] = 1 + v % 3;
      hostOf[v] = v < perHost ? 0 : 1;
      ckpt[v] = 4096;
    }
    return new Topology(k, hostOf, ckpt, 2, 64);
  }

  /** One cluster driving {@code p}: warm-up, then the windows, appended to {@code out}. */
  private static void run(String p, Topology topo, long t0,
      org.vmqsc.runtime.cluster.PeerRates rates, double warmup,
      int windows, double windowSec, Windows out) throws Exception {
    System.gc();
    Thread.sleep(500);
    long lazy = lazyMs >= 0 ? lazyMs : 2 * t0;
    try (BenchCluster c = BenchCluster.start(topo, t0, rates, lazy, t0, HEARTBEAT, p)) {
      BenchCluster.await(() -> c.recvSent()[0] > 0, 20_000, 100, "first delivery");
      Thread.sleep((long) (warmup * 1000));
      long[] prev = c.recvSent();
      long prevT = System.nanoTime();
      long prevCpu = cpuNanos();
      double[] d = new double[windows];
      StringBuilder lines = new StringBuilder();
      for (int w = 0; w < windows; w++) {
        Thread.sleep((long) (windowSec * 1000));
        long[] now = c.recvSent();
        long t = System.nanoTime();
        long cpu = cpuNanos();
        double secs = (t - prevT) / 1e9;
        long delivered = now[0] - prev[0];
        d[w] = delivered / secs;
        out.delivered().add(d[w]);
        out.sent().add((now[1] - prev[1]) / secs);
        out.cpuPerMsg().add((cpu - prevCpu) / 1e3 / Math.max(1, delivered));
        out.cores().add((cpu - prevCpu) / 1e9 / secs);
        prev = now;
        prevT = t;
        prevCpu = cpu;
        lines.append(w == 0 ? "" : " ").append(c.client.clusterStatus().getDurableLine());
      }
      // VM_QSC's durable line must keep moving: one that stalls means retained logs and copies.
      System.out.printf(Locale.ROOT, "  %-12s windows %s msgs/s; durable line after each %s%n",
          p, fmt(d), lines);
    }
  }

  static long cpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (s.length == 0) {
      return Double.NaN; // no repetitions asked for
    }
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  private static double min(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  private static double max(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
  }

  static String fmt(double[] xs) {
    StringBuilder b = new StringBuilder();
    for (double x : xs) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.0f", x));
    }
    return b.toString();
  }

  static double median(double[] xs) {
    return median(Arrays.stream(xs).boxed().toList());
  }
}
