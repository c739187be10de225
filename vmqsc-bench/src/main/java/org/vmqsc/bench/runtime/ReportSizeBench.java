package org.vmqsc.bench.runtime;

import java.util.Arrays;
import java.util.Locale;
import org.vmqsc.core.config.Topology;
import org.vmqsc.runtime.hypervisor.ReportProbe;

/**
 * Issue 11: how large the hypervisors' per-period reports to the manager are, on the traffic of
 * {@link RelayOverheadBench} (two hosts, every VM sending to the other host's VMs), with VM_QSC.
 * What is counted is what the sessions really built and sent ({@link ReportProbe}: each report's
 * frames, the AckPart frames ahead of it and its own, and their serialized bytes, without the
 * host and join fields the session stamps on every frame, 2-6 bytes each), per window; printed
 * per period T0 and per host (both hosts carry the same traffic), with the ack ids carried and
 * the messages delivered meanwhile.
 *
 * <p>Usage: {@code ReportSizeBench [vmsPerHost=128] [ratePerVm=400] [warmupSeconds=5]
 * [windows=5] [windowSeconds=2] [T0 millis=100]}.
 */
public final class ReportSizeBench {
  private ReportSizeBench() {}

  private static final long HEARTBEAT = 3000;

  public static void main(String[] args) throws Exception {
    int perHost = args.length > 0 ? Integer.parseInt(args[0]) : 128;
    double ratePerVm = args.length > 1 ? Double.parseDouble(args[1]) : 400;
    double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 5;
    int windows = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    double windowSec = args.length > 4 ? Double.parseDouble(args[4]) : 2;
    long t0 = args.length > 5 ? Long.parseLong(args[5]) : 100;
    Topology topo = RelayOverheadBench.topology(perHost);
    int hosts = topo.hosts();
    System.out.printf(Locale.ROOT, "report size bench: %d VMs (%d per host), %.0f msgs/s per VM "
        + "to the other host, T0 %d ms; warm-up %.0f s, %d x %.1f s windows%n", topo.vms(),
        perHost, ratePerVm, t0, warmup, windows, windowSec);
    double[] bytes = new double[windows];
    double[] frames = new double[windows];
    double[] ids = new double[windows];
    double[] reports = new double[windows];
    double[] delivered = new double[windows];
    try (BenchCluster c = BenchCluster.start(topo, t0,
        RelayOverheadBench.crossHostRates(topo, perHost, ratePerVm), 2 * t0, t0, HEARTBEAT,
        "vmqsc")) {
      BenchCluster.await(() -> c.recvSent()[0] > 0, 20_000, 100, "first delivery");
      Thread.sleep((long) (warmup * 1000));
      long[] prev = ReportProbe.totals();
      long prevRecv = c.recvSent()[0];
      long prevT = System.nanoTime();
      for (int w = 0; w < windows; w++) {
        Thread.sleep((long) (windowSec * 1000));
        long[] now = ReportProbe.totals();
        long recv = c.recvSent()[0];
        long t = System.nanoTime();
        double periods = (t - prevT) / 1e6 / t0 * hosts; // host-periods in the window
        long nReports = now[0] - prev[0];
        reports[w] = nReports / periods;
        frames[w] = (now[1] - prev[1]) / (double) Math.max(1, nReports);
        bytes[w] = (now[2] - prev[2]) / periods;
        ids[w] = (now[3] - prev[3]) / periods;
        delivered[w] = (recv - prevRecv) / ((t - prevT) / 1e9);
        System.out.printf(Locale.ROOT, "  window %d: %,.0f bytes per period per host, %.2f "
            + "frames per report, %,.0f ack ids per period per host, %.2f reports per period per "
            + "host, %,.0f msgs/s delivered, durable line %d%n", w + 1, bytes[w], frames[w],
            ids[w], reports[w], delivered[w], c.client.clusterStatus().getDurableLine());
        prev = now;
        prevRecv = recv;
        prevT = t;
      }
    }
    System.out.printf(Locale.ROOT, "RESULT report bytes per period per host: median %,.0f "
        + "(min %,.0f, max %,.0f); frames per report %.2f; ack ids per period per host %,.0f; "
        + "delivered %,.0f msgs/s%n", median(bytes), min(bytes), max(bytes), median(frames),
        median(ids), median(delivered));
    System.exit(0);
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double min(double[] xs) {
    return Arrays.stream(xs).min().orElse(Double.NaN);
  }

  private static double max(double[] xs) {
    return Arrays.stream(xs).max().orElse(Double.NaN);
  }
}
