package org.vmqsc.runtime.bench;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.protocol.Topology;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.transport.PeerLinks;
import org.vmqsc.runtime.transport.PeerRelayServer;
import org.vmqsc.runtime.transport.RelayRules;

/**
 * Issue 4, item 1: relay throughput between VMs on two hosts (in-process manager and two
 * hypervisors, VM_QSC on) against a baseline without checkpointing and logging. The runtime has
 * no switch to turn VM_QSC off, so the baseline is the raw transport ({@link PeerLinks} and
 * {@link PeerRelayServer}, as RelayBench uses them) carrying the same messages both ways at the
 * guests' nominal rate; it also leaves out the hypervisor's event loop, so the overhead measured
 * is an upper bound of what VM_QSC itself costs.
 *
 * <p>Every VM sends only to the VMs of the other host, at {@code ratePerVm} messages per second
 * in total (Poisson timers, which the runtime rounds to whole milliseconds, at least 1 ms apart).
 * Delivered messages are counted from the guests' ledgers (receive counts) over windows after a
 * warm-up; the baseline counts deliveries at its relay servers.
 *
 * <p>Usage: {@code RelayOverheadBench [vmsPerHost=32] [ratePerVm=1000] [warmupSeconds=5]
 * [windows=5] [windowSeconds=2] [T0 millis=100]}
 */
public final class RelayOverheadBench {
  private RelayOverheadBench() {}

  public static void main(String[] args) throws Exception {
    int perHost = args.length > 0 ? Integer.parseInt(args[0]) : 32;
    double ratePerVm = args.length > 1 ? Double.parseDouble(args[1]) : 1000;
    double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 5;
    int windows = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    double windowSec = args.length > 4 ? Double.parseDouble(args[4]) : 2;
    long t0 = args.length > 5 ? Long.parseLong(args[5]) : 100;
    int n = 2 * perHost;
    int[] k = new int[n];
    int[] hostOf = new int[n];
    long[] ckpt = new long[n];
    double[][] rates = new double[n][n];
    for (int v = 0; v < n; v++) {
      k[v] = 1 + v % 3;
      hostOf[v] = v < perHost ? 0 : 1;
      ckpt[v] = 4096;
    }
    for (int v = 0; v < n; v++) {
      for (int p = 0; p < n; p++) {
        rates[v][p] = hostOf[p] != hostOf[v] ? ratePerVm / perHost : 0;
      }
    }
    Topology topo = new Topology(k, hostOf, ckpt, 2, 64);
    double nominal = ratePerVm * n;
    System.out.printf(Locale.ROOT, "relay overhead bench: %d cores, %d VMs (%d per host), "
        + "%.0f msgs/s per VM to the other host, nominal %.0f msgs/s; T0 %d ms; warm-up %.0f s,"
        + " %d x %.1f s windows%n", Runtime.getRuntime().availableProcessors(), n, perHost,
        ratePerVm, nominal, t0, warmup, windows, windowSec);

    // ---- VM_QSC on: the real runtime -------------------------------------------------------
    double[] qRate = new double[windows];
    double[] qSent = new double[windows];
    double[] qCpu = new double[windows];
    try (BenchCluster c = BenchCluster.start(topo, t0, rates, 2 * t0, t0, 3000)) {
      BenchCluster.await(() -> c.client.clusterStatus().getDurableLine() >= 1, 20_000, 100,
          "durable line >= 1");
      Thread.sleep((long) (warmup * 1000));
      long[] prev = c.recvSent();
      long prevT = System.nanoTime();
      long prevCpu = cpuNanos();
      for (int w = 0; w < windows; w++) {
        Thread.sleep((long) (windowSec * 1000));
        long[] now = c.recvSent();
        long t = System.nanoTime();
        long cpu = cpuNanos();
        double secs = (t - prevT) / 1e9;
        qRate[w] = (now[0] - prev[0]) / secs;
        qSent[w] = (now[1] - prev[1]) / secs;
        qCpu[w] = (cpu - prevCpu) / 1e3 / Math.max(1, now[0] - prev[0]); // us CPU per message
        prev = now;
        prevT = t;
        prevCpu = cpu;
      }
      int line = c.client.clusterStatus().getDurableLine();
      System.out.printf(Locale.ROOT, "  (cluster durable line at end: %d)%n", line);
    }
    System.out.printf(Locale.ROOT, "vmqsc on  (cluster)   delivered median %,10.0f msgs/s "
        + "(windows %s); guests sent median %,10.0f msgs/s; process CPU %.1f us/msg%n",
        median(qRate), fmt(qRate), median(qSent), median(qCpu));

    // ---- baseline: raw transport, both ways, paced at the nominal rate ---------------------
    double[] bRate = runBaseline(nominal / 2, warmup, windows, windowSec, false);
    double[] bCpu = Arrays.copyOfRange(bRate, windows, 2 * windows);
    bRate = Arrays.copyOf(bRate, windows);
    System.out.printf(Locale.ROOT, "baseline (raw relay)  delivered median %,10.0f msgs/s "
        + "(windows %s), paced at %.0f msgs/s; process CPU %.1f us/msg%n",
        median(bRate), fmt(bRate), nominal, median(bCpu));
    double achieved = median(qSent);
    double[] aRate = runBaseline(achieved / 2, Math.min(warmup, 2), windows, windowSec, false);
    double[] aCpu = Arrays.copyOfRange(aRate, windows, 2 * windows);
    aRate = Arrays.copyOf(aRate, windows);
    System.out.printf(Locale.ROOT, "baseline (raw relay)  delivered median %,10.0f msgs/s "
        + "(windows %s), paced at the guests' achieved %.0f msgs/s; process CPU %.1f us/msg%n",
        median(aRate), fmt(aRate), achieved, median(aCpu));
    System.out.printf(Locale.ROOT, "RESULT at the guests' achieved rate: vmqsc/baseline delivered"
        + " = %.3f; CPU per message vmqsc/baseline = %.1fx%n", median(qRate) / median(aRate),
        median(qCpu) / median(aCpu));
    double[] sRate = runBaseline(0, Math.min(warmup, 2), windows, windowSec, true);
    sRate = Arrays.copyOf(sRate, windows);
    System.out.printf(Locale.ROOT, "baseline (raw relay)  saturated both ways median %,10.0f "
        + "msgs/s (windows %s)%n", median(sRate), fmt(sRate));
    double ratio = median(qRate) / median(bRate);
    System.out.printf(Locale.ROOT, "RESULT relay throughput vmqsc/baseline at nominal %.0f msgs/s"
        + " = %.3f (overhead %.1f %%; target <= 10 %%); vmqsc/saturated raw relay = %.4f; CPU per"
        + " message vmqsc/baseline = %.1fx%n", nominal, ratio, 100 * (1 - ratio),
        median(qRate) / median(sRate), median(qCpu) / median(bCpu));
    System.exit(0);
  }

  /** Returns windows rates then windows CPU-us-per-message. ratePerDir 0: saturate. */
  private static double[] runBaseline(double ratePerDir, double warmup, int windows,
      double windowSec, boolean saturate) throws Exception {
    Topology topo = new Topology(new int[] {1, 1}, new int[] {0, 1}, new long[2], 2, 64);
    ClusterSecret secret = ClusterSecret.generate(new SecureRandom());
    AtomicLong delivered = new AtomicLong();
    PeerRelayServer[] servers = new PeerRelayServer[2];
    for (int h = 0; h < 2; h++) {
      servers[h] = PeerRelayServer.builder(RelayRules.forHost(topo, h), secret,
          m -> delivered.incrementAndGet()).start();
    }
    Map<Integer, String> addresses = Map.of(0, "127.0.0.1:" + servers[0].port(),
        1, "127.0.0.1:" + servers[1].port());
    Object signal = new Object();
    PeerLinks[] links = new PeerLinks[2];
    for (int h = 0; h < 2; h++) {
      links[h] = PeerLinks.builder(h, secret).peers(addresses).hostOf(topo::hostOf)
          .listener(x -> {
            synchronized (signal) {
              signal.notifyAll();
            }
          }).build();
    }
    double[] out = new double[2 * windows];
    long total = (long) ((warmup + windows * windowSec + 1) * 1e9);
    long until = System.nanoTime() + total;
    Thread[] senders = new Thread[2];
    for (int h = 0; h < 2; h++) {
      PeerLinks l = links[h];
      int from = h;
      int dest = 1 - h;
      long interval = saturate ? 0 : (long) (1e9 / ratePerDir);
      senders[h] = new Thread(() -> send(l, from, dest, interval, until, signal), "bench-" + h);
      senders[h].start();
    }
    try {
      Thread.sleep((long) (warmup * 1000));
      long prev = delivered.get();
      long prevT = System.nanoTime();
      long prevCpu = cpuNanos();
      for (int w = 0; w < windows; w++) {
        Thread.sleep((long) (windowSec * 1000));
        long now = delivered.get();
        long t = System.nanoTime();
        long cpu = cpuNanos();
        out[w] = (now - prev) / ((t - prevT) / 1e9);
        out[windows + w] = (cpu - prevCpu) / 1e3 / Math.max(1, now - prev);
        prev = now;
        prevT = t;
        prevCpu = cpu;
      }
      for (Thread t : senders) {
        t.join();
      }
    } finally {
      for (PeerLinks l : links) {
        l.close();
      }
      for (PeerRelayServer s : servers) {
        s.close();
      }
    }
    return out;
  }

  private static void send(PeerLinks links, int from, int dest, long intervalNanos, long until,
      Object signal) {
    long next = System.nanoTime();
    int seq = 0;
    while (true) {
      long now = System.nanoTime();
      if (now >= until) {
        return;
      }
      if (intervalNanos > 0) {
        if (now < next) {
          LockSupport.parkNanos(Math.min(next - now, 50_000));
          continue;
        }
        next += intervalNanos;
      }
      if (!links.writable(dest)) {
        synchronized (signal) {
          while (!links.writable(dest) && System.nanoTime() < until) {
            try {
              signal.wait(10);
            } catch (InterruptedException e) {
              return;
            }
          }
        }
        continue;
      }
      links.send(dest, new Message(from, dest, ++seq, 0, 0, now, 1));
    }
  }

  static long cpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }

  static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  static String fmt(double[] xs) {
    StringBuilder b = new StringBuilder();
    for (double x : xs) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.0f", x));
    }
    return b.toString();
  }
}
