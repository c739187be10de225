package org.vmqsc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.engine.HeapEstimate;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * Measures the live heap of simulator runs of the paper's SI + MI2 shape at several sizes (VMs,
 * hosts, fan-out, rate), compares it with {@link HeapEstimate}, and fits the estimate's sizes
 * (bytes per VM, per host, per pair of VMs, per VM and host, per channel, per message of a base
 * period) to the measurements by least squares, none negative. docs/simulator.md ("Heap") has the
 * last calibration; rerun it after changing what the simulator or the core keeps.
 *
 * <p>The live set of a run is the heap in use right after a full collection, taken from the
 * progress callback at 50, 60, 70, 80 and 90 % of the simulated time (the largest of the five),
 * minus the same taken before the run.
 *
 * <pre>java -Xmx6g -XX:+UseParallelGC -cp vmqsc-bench/target/benchmarks.jar \
 *     org.vmqsc.bench.HeapCalibration [--oracle]</pre>
 */
public final class HeapCalibration {
  private static final double MIB = 1024.0 * 1024.0;
  private static final String SHAPE = """
      name: calibration
      basePeriod: 10s
      duration: %ds
      seed: 1
      hosts: %d
      groups:
        - {name: si, count: %d, type: SI, checkpointSize: 1MiB}
        - {name: mi2, count: %d, type: MI2, checkpointSize: 1MiB}
      traffic:
        - {from: si, to: si, rate: %s%s}
        - {from: si, to: mi2, rate: %s%s}
        - {from: mi2, to: si, rate: %s%s}
        - {from: mi2, to: mi2, rate: %s%s}
      network: {delay: 0ms}
      clock: {maxDrift: 0}
      """;

  /** VMs, hosts, peers per flow (0: the whole group), rate factor. */
  private static final int[][] GRID_OFF = {
      {1000, 10, 5, 1}, {2000, 20, 5, 1}, {4000, 40, 5, 1}, {4000, 8, 5, 1}, {4000, 40, 0, 1},
      {4000, 40, 5, 3}, {2000, 100, 5, 1}, {3000, 30, 40, 1}};
  private static final int[][] GRID_ON = {
      {500, 5, 5, 1}, {1000, 10, 5, 1}, {2000, 20, 5, 1}, {2000, 4, 5, 1}, {2000, 20, 0, 1},
      {2000, 20, 5, 3}, {1000, 50, 5, 1}, {1500, 15, 40, 1}};

  private HeapCalibration() {}

  public static void main(String[] args) {
    boolean oracle = args.length > 0 && args[0].equals("--oracle");
    int seconds = 60;
    List<double[]> rows = new ArrayList<>();
    List<Double> live = new ArrayList<>();
    for (int[] p : oracle ? GRID_ON : GRID_OFF) {
      Scenario s = scenario(p[0], p[1], p[2], p[3], seconds);
      HeapEstimate e = HeapEstimate.of(s, oracle);
      double measured = measure(s, oracle);
      rows.add(new double[] {e.vms(), e.hosts(), e.vms() * e.vms(), e.vms() * e.hosts(),
          e.channels(), e.messagesPerPeriod()});
      live.add(measured);
      System.out.printf(Locale.ROOT,
          "point vms=%d hosts=%d peers=%s rate_x=%d oracle=%s channels=%.0f msgs_per_period=%.0f"
              + " live_MiB=%.1f estimate_MiB=%.1f%n", p[0], p[1], p[2] == 0 ? "all" : p[2], p[3],
          oracle, e.channels(), e.messagesPerPeriod(), measured / MIB, e.liveBytes() / MIB);
    }
    double[] sizes = LeastSquares.nonNegative(rows, live);
    System.out.printf(Locale.ROOT, "fitted (oracle %s): perVm=%.0f perHost=%.0f perVmPair=%.2f"
            + " perVmHost=%.2f perChannel=%.0f perMessageOfAPeriod=%.0f%n", oracle ? "on" : "off",
        sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], sizes[5]);
    for (int i = 0; i < rows.size(); i++) {
      double fit = 0;
      for (int j = 0; j < sizes.length; j++) {
        fit += rows.get(i)[j] * sizes[j];
      }
      System.out.printf(Locale.ROOT, "check point %d: live_MiB=%.1f fitted_MiB=%.1f (%+.0f%%)%n",
          i + 1, live.get(i) / MIB, fit / MIB, 100 * (fit / live.get(i) - 1));
    }
  }

  static Scenario scenario(int vms, int hosts, int peers, int rateFactor, int seconds) {
    String fan = peers == 0 ? "" : ", peers: " + peers;
    return ScenarioLoader.parse(String.format(Locale.ROOT, SHAPE, seconds, hosts, vms / 2,
        vms - vms / 2, 4 * rateFactor, fan, 2 * rateFactor, fan, 2 * rateFactor, fan,
        rateFactor, fan), "calibration.yaml");
  }

  private static double measure(Scenario s, boolean oracle) {
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long before = rt.totalMemory() - rt.freeMemory();
    long[] most = {0};
    double[] next = {0.5};
    long duration = s.durationMillis();
    SimOptions.Progress progress = (done, total) -> {
      if (next[0] <= 0.9 && done >= next[0] * duration) {
        System.gc();
        most[0] = Math.max(most[0], rt.totalMemory() - rt.freeMemory());
        next[0] += 0.1;
      }
    };
    Simulator.run(s, SimOptions.defaults().withOracle(oracle).withProgress(progress));
    return Math.max(0, most[0] - before);
  }

  /** Least squares with every coefficient >= 0: a negative one is dropped and the rest refit. */
  static final class LeastSquares {
    private LeastSquares() {}

    static double[] nonNegative(List<double[]> rows, List<Double> y) {
      int m = rows.get(0).length;
      boolean[] used = new boolean[m];
      java.util.Arrays.fill(used, true);
      while (true) {
        double[] x = solve(rows, y, used);
        int worst = -1;
        for (int j = 0; j < m; j++) {
          if (used[j] && x[j] < 0 && (worst < 0 || x[j] < x[worst])) {
            worst = j;
          }
        }
        if (worst < 0) {
          return x;
        }
        used[worst] = false;
      }
    }

    /** Normal equations over the used columns, each scaled to its largest value. */
    private static double[] solve(List<double[]> rows, List<Double> y, boolean[] used) {
      int m = used.length;
      double[] scale = new double[m];
      for (double[] r : rows) {
        for (int j = 0; j < m; j++) {
          scale[j] = Math.max(scale[j], Math.abs(r[j]));
        }
      }
      double[][] a = new double[m][m + 1];
      for (int i = 0; i < rows.size(); i++) {
        for (int j = 0; j < m; j++) {
          double xj = used[j] && scale[j] > 0 ? rows.get(i)[j] / scale[j] : 0;
          for (int k = 0; k < m; k++) {
            double xk = used[k] && scale[k] > 0 ? rows.get(i)[k] / scale[k] : 0;
            a[j][k] += xj * xk;
          }
          a[j][m] += xj * y.get(i);
        }
      }
      for (int j = 0; j < m; j++) {
        if (!used[j] || scale[j] == 0) {
          a[j][j] = 1; // a dropped column: coefficient 0
          a[j][m] = 0;
        }
      }
      double[] x = gauss(a);
      for (int j = 0; j < m; j++) {
        x[j] = scale[j] > 0 ? x[j] / scale[j] : 0;
      }
      return x;
    }

    private static double[] gauss(double[][] a) {
      int n = a.length;
      for (int c = 0; c < n; c++) {
        int pivot = c;
        for (int r = c + 1; r < n; r++) {
          if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
            pivot = r;
          }
        }
        double[] t = a[c];
        a[c] = a[pivot];
        a[pivot] = t;
        for (int r = 0; r < n; r++) {
          if (r != c && a[c][c] != 0) {
            double f = a[r][c] / a[c][c];
            for (int k = c; k <= n; k++) {
              a[r][k] -= f * a[c][k];
            }
          }
        }
      }
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = a[i][i] == 0 ? 0 : a[i][n] / a[i][i];
      }
      return x;
    }
  }
}
