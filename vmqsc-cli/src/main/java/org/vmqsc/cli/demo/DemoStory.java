package org.vmqsc.cli.demo;

import org.vmqsc.runtime.cluster.ClusterClient;

/**
 * The paper's Figure 2 story on a running cluster: a few periods, a VM failure
 * ({@link VmFailureStep}), a host killed during lazy writes and restarted
 * ({@link HostFailureStep}), a few periods more, then traffic off and, once quiet, the ledgers
 * ({@link LedgerCheck}). Each step decides its checks in the {@link DemoReport}; a step that
 * times out ends the story, leaving the checks not reached FAIL.
 */
public final class DemoStory {
  public static final int FAILED_VM = 0;
  public static final int FAILED_HOST = 1;
  /** The durable line to wait for before the first failure: a few periods of history. */
  private static final int WARM_LINE = 4;

  private final DemoCluster c;

  public DemoStory(DemoCluster cluster) {
    this.c = cluster;
  }

  public void run() throws Exception {
    try {
      tell();
    } catch (RuntimeException e) {
      // A process that stops answering mid-step: the checks not reached stay FAIL.
      c.abort("the cluster stopped answering: " + e.getMessage());
    }
  }

  private void tell() throws Exception {
    c.report.step("T0 %d ms, lazy delay %d ms, VM restart %d ms, heartbeat timeout %d ms",
        c.spec.basePeriodMillis(), c.spec.lazyDelayMillis(), c.spec.vmRestartMillis(),
        c.spec.heartbeatTimeoutMillis());
    if (!c.await(() -> c.status().getDurableLine() >= WARM_LINE, "durable line " + WARM_LINE)) {
      return;
    }
    c.report.step("running: %s", DemoCluster.lines(c.status()));
    new VmFailureStep(c, FAILED_VM).run();
    if (!new HostFailureStep(c, FAILED_HOST).run()) {
      return;
    }
    int line = c.status().getDurableLine();
    if (!c.await(() -> c.status().getDurableLine() >= line + 2,
        "durable line moving on after the recovery (" + line + " + 2)")) {
      return;
    }
    c.report.step("running again: %s", DemoCluster.lines(c.status()));
    drain();
    LedgerCheck.decide(c.spec, c.ledgers(), c.report);
  }

  /** Traffic off, then waits until every message sent has arrived (or the step times out). */
  private void drain() throws InterruptedException {
    c.client.setTraffic(false);
    long off = System.currentTimeMillis();
    c.report.step("traffic off; waiting for the cluster to go quiet");
    long deadline = off + DemoCluster.STEP_TIMEOUT_MILLIS;
    boolean quiet = false;
    while (!quiet && System.currentTimeMillis() < deadline) {
      try {
        quiet = ClusterClient.checkQuiet(c.client.allLedgers(), c.spec).isEmpty();
      } catch (RuntimeException e) {
        // a host not answering for a moment: ask again
      }
      if (!quiet) {
        Thread.sleep(100);
      }
    }
    // Not quiet is no abort: the ledger checks below say what is wrong.
    c.report.step("%s after %d ms", quiet ? "quiet" : "not quiet", System.currentTimeMillis() - off);
  }
}
