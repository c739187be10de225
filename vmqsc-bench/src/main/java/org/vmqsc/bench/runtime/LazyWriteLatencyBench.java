package org.vmqsc.bench.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.ProtocolListener;

/**
 * Issue 4, item 2: latency of relayed messages (send to delivery, both in this JVM, so one
 * {@code System.nanoTime()} clock) while a checkpoint with a large memory image is being written
 * lazily, against messages that see no checkpoint write.
 *
 * <p>The paper's Figure 2 cluster (k = 2, 1, 1, 3; VMs 0 and 1 on host 0, 2 and 3 on host 1),
 * every VM sending only to the other host's VMs. Send and delivery are observed by a protocol
 * listener attached by reflection (the node has no hook). A poller thread looks every
 * millisecond for checkpoint temp files ({@code .ckpt_*.tmp}) in the storage directory: a temp
 * file exists from the start of the write until its rename, so these are the write windows. A
 * message whose [send, delivery] overlaps a write window (widened by one poll on each side) is
 * "during a lazy write".
 *
 * <p>Usage: {@code LazyWriteLatencyBench [imageMiB=64] [ratePerPair=200] [seconds=30]
 * [T0 millis=1000] [warmupSeconds=5]}
 */
public final class LazyWriteLatencyBench {
  private LazyWriteLatencyBench() {}

  public static void main(String[] args) throws Exception {
    long mib = args.length > 0 ? Long.parseLong(args[0]) : 64;
    double rate = args.length > 1 ? Double.parseDouble(args[1]) : 200;
    double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 30;
    long t0 = args.length > 3 ? Long.parseLong(args[3]) : 1000;
    double warmup = args.length > 4 ? Double.parseDouble(args[4]) : 5;
    long bytes = mib << 20;
    Topology topo = new Topology(new int[] {2, 1, 1, 3}, new int[] {0, 0, 1, 1},
        new long[] {bytes, bytes, bytes, bytes}, 2, 64);
    org.vmqsc.runtime.cluster.PeerRates.Builder pairs =
        org.vmqsc.runtime.cluster.PeerRates.builder(4);
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        if (topo.hostOf(a) != topo.hostOf(b)) {
          pairs.add(a, b, rate);
        }
      }
    }
    org.vmqsc.runtime.cluster.PeerRates rates = pairs.build();
    System.out.printf(Locale.ROOT, "lazy-write latency bench: %d cores, 4 VMs, %d MiB image each,"
        + " %.0f msgs/s per cross-host pair (%.0f total), T0 %d ms, lazy delay %d ms, %.0f s%n",
        Runtime.getRuntime().availableProcessors(), mib, rate, rate * 8, t0, t0 / 2, seconds);
    ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
    long[][] samples = new long[2][4_000_000]; // send ns, delivery ns
    int[] count = {0};
    Object lock = new Object();
    ProtocolListener listener = new ProtocolListener() {
      @Override
      public void sent(int vm, Message m) {
        sentAt.put(key(m), System.nanoTime());
      }

      @Override
      public void delivered(int vm, Message m, int interval, boolean replay) {
        long now = System.nanoTime();
        Long s = sentAt.remove(key(m));
        if (s == null || replay) {
          return;
        }
        synchronized (lock) {
          if (count[0] < samples[0].length) {
            samples[0][count[0]] = s;
            samples[1][count[0]] = now;
            count[0]++;
          }
        }
      }
    };
    List<long[]> windows = new ArrayList<>();
    try (BenchCluster c = BenchCluster.start(topo, t0, rates, t0 / 2, t0, 3000)) {
      Path storage = c.spec.storageDir();
      BenchCluster.await(() -> c.client.clusterStatus().getDurableLine() >= 1, 30_000, 100,
          "durable line >= 1");
      Thread.sleep((long) (warmup * 1000));
      c.attachListener(0, listener);
      c.attachListener(1, listener);
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      long open = -1;
      while (System.nanoTime() < end) {
        boolean writing = anyCheckpointTemp(storage);
        long now = System.nanoTime();
        if (writing && open < 0) {
          open = now;
        } else if (!writing && open >= 0) {
          windows.add(new long[] {open, now});
          open = -1;
        }
        Thread.sleep(1);
      }
      if (open >= 0) {
        windows.add(new long[] {open, System.nanoTime()});
      }
      c.attachListener(0, ProtocolListener.NONE);
      c.attachListener(1, ProtocolListener.NONE);
      long writeNanos = 0;
      for (long[] w : windows) {
        writeNanos += w[1] - w[0];
      }
      int n;
      synchronized (lock) {
        n = count[0];
      }
      long slack = 1_500_000; // one poll and a bit, each side
      long[] during = new long[n];
      long[] quiet = new long[n];
      int nd = 0;
      int nq = 0;
      for (int i = 0; i < n; i++) {
        long s = samples[0][i];
        long d = samples[1][i];
        boolean overlaps = false;
        for (long[] w : windows) {
          if (s <= w[1] + slack && d >= w[0] - slack) {
            overlaps = true;
            break;
          }
        }
        if (overlaps) {
          during[nd++] = d - s;
        } else {
          quiet[nq++] = d - s;
        }
      }
      // The same split per third of the run: the spread of repeated measurements.
      int parts = 3;
      double[][] partP = new double[4][parts]; // during p50, p99, none p50, p99
      for (int part = 0; part < parts; part++) {
        long lo = start + (end - start) * part / parts;
        long hi = start + (end - start) * (part + 1) / parts;
        long[] dp = new long[n];
        long[] qp = new long[n];
        int a = 0;
        int b = 0;
        for (int i = 0; i < n; i++) {
          long s = samples[0][i];
          if (s < lo || s >= hi) {
            continue;
          }
          long d = samples[1][i];
          boolean overlaps = false;
          for (long[] w : windows) {
            if (s <= w[1] + slack && d >= w[0] - slack) {
              overlaps = true;
              break;
            }
          }
          if (overlaps) {
            dp[a++] = d - s;
          } else {
            qp[b++] = d - s;
          }
        }
        dp = Arrays.copyOf(dp, a);
        qp = Arrays.copyOf(qp, b);
        Arrays.sort(dp);
        Arrays.sort(qp);
        partP[0][part] = pct(dp, 0.5);
        partP[1][part] = pct(dp, 0.99);
        partP[2][part] = pct(qp, 0.5);
        partP[3][part] = pct(qp, 0.99);
      }
      System.out.printf(Locale.ROOT, "per third of the run (ms): during p50 %s, p99 %s; none p50"
          + " %s, p99 %s%n", ms(partP[0]), ms(partP[1]), ms(partP[2]), ms(partP[3]));
      System.out.printf(Locale.ROOT, "RESULT medians of the thirds: during p50 %.3f ms p99 %.3f ms;"
          + " none p50 %.3f ms p99 %.3f ms%n", RelayOverheadBench.median(partP[0]),
          RelayOverheadBench.median(partP[1]), RelayOverheadBench.median(partP[2]),
          RelayOverheadBench.median(partP[3]));
      during = Arrays.copyOf(during, nd);
      quiet = Arrays.copyOf(quiet, nq);
      Arrays.sort(during);
      Arrays.sort(quiet);
      System.out.printf(Locale.ROOT, "checkpoint write windows seen: %d, total %.2f s of %.0f s"
          + " (%.0f %%), median window %.0f ms%n",
          windows.size(), writeNanos / 1e9, seconds, 100 * writeNanos / (seconds * 1e9),
          medianWindowMs(windows));
      System.out.printf(Locale.ROOT, "RESULT latency during lazy checkpoint write: n=%d p50 %.3f ms"
          + " p99 %.3f ms max %.3f ms%n", nd, pct(during, 0.5), pct(during, 0.99),
          pct(during, 1.0));
      System.out.printf(Locale.ROOT, "RESULT latency with no checkpoint write:     n=%d p50 %.3f ms"
          + " p99 %.3f ms max %.3f ms%n", nq, pct(quiet, 0.5), pct(quiet, 0.99), pct(quiet, 1.0));
      System.out.printf(Locale.ROOT, "RESULT ratio during/none: p50 %.2fx, p99 %.2fx; unmatched "
          + "sends left %d%n", pct(during, 0.5) / pct(quiet, 0.5),
          pct(during, 0.99) / pct(quiet, 0.99), sentAt.size());
    }
    System.exit(0);
  }

  static String ms(double[] xs) {
    StringBuilder b = new StringBuilder();
    for (double x : xs) {
      b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", x));
    }
    return b.toString();
  }

  static long key(Message m) {
    return ((long) m.from << 52) ^ ((long) m.to << 40) ^ ((long) m.senderIncarnation << 32)
        ^ (m.seq & 0xffffffffL);
  }

  static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
    return sorted[i] / 1e6;
  }

  static double medianWindowMs(List<long[]> ws) {
    if (ws.isEmpty()) {
      return Double.NaN;
    }
    double[] d = new double[ws.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = (ws.get(i)[1] - ws.get(i)[0]) / 1e6;
    }
    return RelayOverheadBench.median(d);
  }

  static boolean anyCheckpointTemp(Path storage) {
    try (DirectoryStream<Path> vms = Files.newDirectoryStream(storage)) {
      for (Path vm : vms) {
        if (!Files.isDirectory(vm)) {
          continue;
        }
        try (DirectoryStream<Path> fs = Files.newDirectoryStream(vm, ".ckpt_*.tmp")) {
          if (fs.iterator().hasNext()) {
            return true;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return false; // a directory changing under us; ask again next poll
    }
    return false;
  }
}
