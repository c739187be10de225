package org.vmqsc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/**
 * Simulator throughput: one operation is one whole deterministic run of
 * {@code paper-example-1000} (300 s simulated, 1.35 M delivered messages), with the oracle off and
 * on. The JMH score is seconds per run; since the run is deterministic its message count is fixed,
 * and at the end of the trial the benchmark prints the derived delivered messages per second of
 * wall time (message count / score, per measurement iteration and their median).
 *
 * <p>Why not {@code @AuxCounters}: in {@link Mode#SingleShotTime} JMH ignores
 * {@code Type.OPERATIONS} counters and sums {@code Type.EVENTS} counters over the iterations, so
 * neither gives a rate.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgs = {"-Xmx1g", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class SimulatorThroughputBench {

  @Param({"false", "true"})
  public boolean oracle;

  @Param({"paper-example-1000"})
  public String scenarioName;

  /** Simulated duration of one run, in milliseconds. */
  @Param({"300000"})
  public long simulatedMillis;

  private Scenario scenario;
  private SimOptions options;
  private boolean measuring;
  private long messagesPerRun = -1;
  private final List<Double> runSeconds = new ArrayList<>();

  @Setup(Level.Trial)
  public void setUp() {
    scenario = ScenarioLoader.load(scenarioName).withDuration(simulatedMillis);
    options = SimOptions.defaults().withOracle(oracle);
  }

  @Setup(Level.Iteration)
  public void iteration(IterationParams params) {
    measuring = params.getType() == IterationType.MEASUREMENT;
  }

  @Benchmark
  public SimResult fullRun() {
    long t0 = System.nanoTime();
    SimResult r = Simulator.run(scenario, options);
    long nanos = System.nanoTime() - t0;
    if (!r.violations().isEmpty()) {
      throw new IllegalStateException("violations: " + r.violations());
    }
    if (messagesPerRun >= 0 && messagesPerRun != r.logging().delivered()) {
      throw new IllegalStateException("run not deterministic: " + messagesPerRun + " vs "
          + r.logging().delivered() + " delivered messages");
    }
    messagesPerRun = r.logging().delivered();
    if (measuring) {
      runSeconds.add(nanos / 1e9);
    }
    return r;
  }

  @TearDown(Level.Trial)
  public void report() {
    List<Double> sorted = new ArrayList<>(runSeconds);
    sorted.sort(null);
    StringBuilder per = new StringBuilder();
    for (double s : runSeconds) {
      per.append(String.format(Locale.ROOT, " %.0f", messagesPerRun / s));
    }
    double median = median(sorted);
    System.out.printf(Locale.ROOT,
        "%n[msgs/s] scenario=%s oracle=%s simulated_s=%d messages_per_run=%d runs=%d"
            + " median_run_s=%.3f median_msgs_per_s=%.0f min_msgs_per_s=%.0f"
            + " max_msgs_per_s=%.0f%n[msgs/s] per measured run:%s%n",
        scenarioName, oracle, simulatedMillis / 1000, messagesPerRun, sorted.size(), median,
        messagesPerRun / median, messagesPerRun / sorted.get(sorted.size() - 1),
        messagesPerRun / sorted.get(0), per);
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
