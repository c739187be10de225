package org.vmqsc.bench.runtime;

import java.util.Locale;
import java.util.Set;
import org.vmqsc.bench.BenchArgs;
import org.vmqsc.bench.CsvLog;
import org.vmqsc.core.config.Topology;
import org.vmqsc.runtime.hypervisor.HypervisorNode;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.StatusResponse;
import org.vmqsc.runtime.proto.VmStatus;

/**
 * Issue 4, item 3: time to recover a VM and a host, on the paper's Figure 2 cluster (in-process
 * manager and two hypervisors, real gRPC on loopback, guests sending at {@code rate} msgs/s per
 * pair).
 *
 * <p>VM: {@code failVm} over the admin API, then the VM's host status is polled every 2 ms until
 * the VM is up; reported minus the configured restart delay. Host: host 1's node is closed in
 * process as InProcessClusterTest does (storage halted so staged writes are lost, sessions, links
 * and servers shut down at once), the manager is polled until it sees the host failed, a new node
 * is started on the same ports at once, and the manager and the host are polled until the
 * recovery has run, the host is alive and all its VMs are up.
 *
 * <p>Usage: {@code RecoveryTimeBench [vmReps=7] [hostReps=5] [T0 millis=300] [checkpoint
 * KiB=4] [rate=50] [vms=4] [--heartbeat-ms 1500] [--wait-s S] [--csv FILE]}: with vms other
 * than 4, the two hosts run vms/2 VMs each (SI, MI2 and MI3 in turn, VMs interleaved over the
 * hosts) and each VM sends to three peers at {@code rate} per peer, as in fig2 (issue 14:
 * recovery time against VM count). {@code --heartbeat-ms} is the manager's heartbeat timeout;
 * {@code --wait-s} bounds every wait of the bench (default: 30 s for the durable line and a
 * host's recovery, 20 s for a VM up and a failure seen), both for large clusters on a small
 * machine, where one JVM runs the manager and both hosts. {@code --csv} appends one row of
 * medians ({@link RuntimeColumns}) to FILE.
 */
public final class RecoveryTimeBench {
  private RecoveryTimeBench() {}

  /** The bench's settings, from its command line. */
  private record Setup(int vmReps, int hostReps, long t0, long kib, double rate, int vms,
      long heartbeat, long longWait, long shortWait, CsvLog csv) {
    static Setup parse(String[] argv) {
      BenchArgs a = BenchArgs.parse(argv, Set.of("--heartbeat-ms", "--wait-s", "--csv"));
      String[] args = a.positional();
      long wait = a.longOption("--wait-s", 0) * 1000;
      return new Setup(args.length > 0 ? Integer.parseInt(args[0]) : 7,
          args.length > 1 ? Integer.parseInt(args[1]) : 5,
          args.length > 2 ? Long.parseLong(args[2]) : 300,
          args.length > 3 ? Long.parseLong(args[3]) : 4,
          args.length > 4 ? Double.parseDouble(args[4]) : 50,
          args.length > 5 ? Integer.parseInt(args[5]) : 4,
          a.longOption("--heartbeat-ms", 1500), wait > 0 ? wait : 30_000,
          wait > 0 ? wait : 20_000, RuntimeColumns.open(a.option("--csv")));
    }
  }

  public static void main(String[] argv) throws Exception {
    Setup s;
    try {
      s = Setup.parse(argv);
    } catch (IllegalArgumentException e) { // NumberFormatException included
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    long restart = s.t0();
    long bytes = s.kib() << 10;
    int vms = s.vms();
    Topology topo = vms == 4 ? new Topology(new int[] {2, 1, 1, 3}, new int[] {0, 0, 1, 1},
        new long[] {bytes, bytes, bytes, bytes}, 2, 64) : scaled(vms, bytes);
    org.vmqsc.runtime.cluster.PeerRates.Builder pairs =
        org.vmqsc.runtime.cluster.PeerRates.builder(vms);
    for (int a = 0; a < vms; a++) {
      java.util.Set<Integer> peers = new java.util.TreeSet<>(); // a peer named twice: once
      for (int p = 1; p <= 3; p++) {
        peers.add((a + p * (vms / 4 + 1)) % vms); // three peers each, as in fig2
      }
      for (int peer : peers) {
        pairs.add(a, peer, s.rate());
      }
    }
    org.vmqsc.runtime.cluster.PeerRates rates = pairs.build();
    System.out.printf(Locale.ROOT, "recovery bench: %d cores, %d VMs, T0 %d ms, VM restart "
        + "delay %d ms, heartbeat timeout %d ms, lazy delay %d ms, checkpoint %d KiB, %.0f msgs/s"
        + " per pair; waits %d/%d s%n", Runtime.getRuntime().availableProcessors(), vms, s.t0(),
        restart, s.heartbeat(), 2 * s.t0(), s.kib(), s.rate(), s.longWait() / 1000,
        s.shortWait() / 1000);
    double load = CsvLog.load();
    try (BenchCluster c = BenchCluster.start(topo, s.t0(), rates, 2 * s.t0(), restart,
        s.heartbeat())) {
      long t = System.nanoTime();
      BenchCluster.await(() -> c.client.clusterStatus().getDurableLine() >= 3, s.longWait(), 50,
          "durable line >= 3");
      System.out.printf(Locale.ROOT, "durable line 3 after %.1f s%n",
          (System.nanoTime() - t) / 1e9);
      double[] vm = vmRecoveries(c, s, topo, restart);
      double[][] host = hostRecoveries(c, s);
      double[] rest = minus(host[2], host[0], host[1]);
      if (s.csv() != null) {
        RuntimeColumns.recovery(s.csv(), load, vms, s.t0(), s.heartbeat(), 3 * s.rate(),
            RelayOverheadBench.median(vm), RelayOverheadBench.median(host[2]), min(host[2]),
            max(host[2]), RelayOverheadBench.median(host[0]), RelayOverheadBench.median(host[1]),
            RelayOverheadBench.median(rest));
      }
    }
    System.exit(0);
  }

  /** {@code vmReps} times: fail a VM over the admin API; ms until it is up, minus its restart. */
  private static double[] vmRecoveries(BenchCluster c, Setup s, Topology topo, long restart)
      throws Exception {
    double[] vm = new double[s.vmReps()];
    for (int r = 0; r < s.vmReps(); r++) {
      int v = r % 4;
      int h = topo.hostOf(v);
      Thread.sleep(500 + (r * 137L) % s.t0()); // fail at different phases of the period
      long start = System.nanoTime();
      if (!c.client.failVm(v)) {
        throw new IllegalStateException("vm " + v + " was down already");
      }
      BenchCluster.await(() -> vmUp(c.client.status(h), v), s.shortWait(), 2, "vm " + v + " up");
      vm[r] = (System.nanoTime() - start) / 1e6 - restart;
    }
    System.out.printf(Locale.ROOT, "RESULT vm recovery (up again minus %d ms restart delay): "
        + "median %.1f ms (runs %s ms)%n", restart, RelayOverheadBench.median(vm),
        RelayOverheadBench.fmt(vm));
    return vm;
  }

  /**
   * {@code hostReps} times: crash host 1, restart it at once when the manager sees it failed;
   * per run, ms until the failure was seen, ms in the node's start(), ms until recovered.
   */
  private static double[][] hostRecoveries(BenchCluster c, Setup s) throws Exception {
    double[] detect = new double[s.hostReps()];
    double[] boot = new double[s.hostReps()];
    double[] total = new double[s.hostReps()];
    for (int r = 0; r < s.hostReps(); r++) {
      int before = c.client.clusterStatus().getRecoveries();
      int line = c.client.clusterStatus().getDurableLine();
      BenchCluster.await(() -> c.client.clusterStatus().getDurableLine() >= line + 2,
          s.longWait(), 50, "durable line moves");
      Thread.sleep((r * 97L) % s.t0());
      long start = System.nanoTime();
      c.hvs[1].close(); // a crash, as InProcessClusterTest does it
      c.hvs[1] = null;
      BenchCluster.await(() -> !c.client.clusterStatus().getHosts(1).getAlive(), s.shortWait(),
          2, "host 1 seen failed");
      long seen = System.nanoTime();
      c.hvs[1] = new HypervisorNode(c.spec, 1, c.secret).start();
      long started = System.nanoTime();
      BenchCluster.await(() -> {
        ClusterStatusResponse cs = c.client.clusterStatus();
        return cs.getRecoveries() > before && cs.getHosts(1).getAlive()
            && !cs.getHosts(1).getAwaitingRecovery() && allUp(c.client.status(1));
      }, s.longWait(), 2, "host 1 recovered");
      long done = System.nanoTime();
      detect[r] = (seen - start) / 1e6;
      boot[r] = (started - seen) / 1e6;
      total[r] = (done - start) / 1e6;
    }
    System.out.printf(Locale.ROOT, "RESULT host recovery, failure to recovered: median %.0f ms"
        + " (runs %s ms)%n", RelayOverheadBench.median(total), RelayOverheadBench.fmt(total));
    System.out.printf(Locale.ROOT, "  of which failure seen by manager: median %.0f ms (%s);"
        + " node start(): median %.0f ms (%s); start() return to recovered: median %.0f ms%n",
        RelayOverheadBench.median(detect), RelayOverheadBench.fmt(detect),
        RelayOverheadBench.median(boot), RelayOverheadBench.fmt(boot),
        RelayOverheadBench.median(minus(total, detect, boot)));
    return new double[][] {detect, boot, total};
  }

  private static double min(double[] xs) {
    return java.util.Arrays.stream(xs).min().orElse(Double.NaN);
  }

  private static double max(double[] xs) {
    return java.util.Arrays.stream(xs).max().orElse(Double.NaN);
  }

  static double[] minus(double[] a, double[] b, double[] c) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i] - c[i];
    }
    return out;
  }

  static boolean vmUp(StatusResponse s, int vm) {
    for (VmStatus v : s.getVmsList()) {
      if (v.getVm() == vm) {
        return v.getUp();
      }
    }
    return false;
  }

  static boolean allUp(StatusResponse s) {
    if (s.getVmsCount() == 0) {
      return false;
    }
    for (VmStatus v : s.getVmsList()) {
      if (!v.getUp()) {
        return false;
      }
    }
    return true;
  }

  /** {@code vms} VMs on two hosts, interleaved, SI, MI2 and MI3 in turn (vms even). */
  private static Topology scaled(int vms, long bytes) {
    int[] k = new int[vms];
    int[] hostOf = new int[vms];
    long[] size = new long[vms];
    for (int v = 0; v < vms; v++) {
      k[v] = 1 + v % 3;
      hostOf[v] = v % 2;
      size[v] = bytes;
    }
    return new Topology(k, hostOf, size, 2, 64);
  }
}
