package org.vmqsc.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.scenario.Scenario;

/**
 * Independent simulations on a fixed pool of one thread per core. Each run is deterministic in
 * its scenario, seed and protocol, and results come back in the order the jobs were given, so
 * the outcome never depends on which thread finished first.
 */
public final class Batch {
  /** One simulation: the scenario (seed included) and the protocol to run on it. */
  public record Job(Scenario scenario, String protocol) {}

  /** Called from worker threads after each run, with how many are done. */
  public interface Progress {
    void done(int runs, int of);
  }

  private Batch() {}

  /** Runs every job; a run that throws (a simulator bug) fails the whole batch with its cause. */
  public static List<SimResult> run(List<Job> jobs, boolean oracle, Progress progress) {
    return run(jobs, SimOptions.defaults().withOracle(oracle), progress);
  }

  /** Runs every job with {@code base}'s options (oracle, control delay) and the job's protocol. */
  public static List<SimResult> run(List<Job> jobs, SimOptions base, Progress progress) {
    int threads = Math.max(1, Math.min(jobs.size(), Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "vmqsc-batch");
      t.setDaemon(true); // a failed batch must not keep the JVM alive
      return t;
    });
    try {
      AtomicInteger done = new AtomicInteger();
      List<Future<SimResult>> futures = new ArrayList<>();
      for (Job job : jobs) {
        SimOptions options = base.withProtocol(job.protocol());
        futures.add(pool.submit(() -> {
          SimResult r = Simulator.run(job.scenario(), options);
          if (progress != null) {
            progress.done(done.incrementAndGet(), jobs.size());
          }
          return r;
        }));
      }
      List<SimResult> results = new ArrayList<>(jobs.size());
      for (Future<SimResult> f : futures) {
        results.add(await(f));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static SimResult await(Future<SimResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for simulations", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
