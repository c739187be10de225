package org.vmqsc.cli.demo;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.cli.demo.DemoReport.Check;
import org.vmqsc.core.check.Finding;
import org.vmqsc.runtime.cluster.ClusterOracle;
import org.vmqsc.runtime.proto.JournalEntry;

import org.vmqsc.runtime.cluster.ClusterClient;

/**
 * The paper's Figure 2 story on a running cluster: a few periods, a VM failure
 * ({@link VmFailureStep}, or {@link EveryVmFailureStep} for a protocol that rolls every VM
 * back), a host killed during lazy writes and restarted ({@link HostFailureStep}), a few periods
 * more, then traffic off and, once quiet, the ledgers ({@link LedgerCheck}). A protocol that
 * cannot recover ({@link Promise#NONE}) runs the periods without failures. Each step decides its checks in the {@link DemoReport}; a step that
 * times out ends the story, leaving the checks not reached FAIL.
 */
public final class DemoStory {
  public static final int FAILED_VM = 0;
  public static final int FAILED_HOST = 1;
  /** The durable line to wait for before the first failure: a few periods of history. */
  private static final int WARM_LINE = 4;
  /** Periods of traffic without failures for a protocol that cannot recover. */
  private static final int QUIET_PERIODS = 8;

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
    Promise promise = c.report.promise();
    c.report.step("T0 %d ms, lazy delay %d ms, VM restart %d ms, heartbeat timeout %d ms",
        c.spec.basePeriodMillis(), c.spec.lazyDelayMillis(), c.spec.vmRestartMillis(),
        c.spec.heartbeatTimeoutMillis());
    if (!promise.injectsFailures()) {
      quietStory();
      return;
    }
    if (!c.await(() -> c.status().getDurableLine() >= WARM_LINE, "durable line " + WARM_LINE)) {
      return;
    }
    c.report.step("running: %s", DemoCluster.lines(c.status()));
    if (promise == Promise.EVERY_VM) {
      new EveryVmFailureStep(c, FAILED_VM).run();
    } else {
      new VmFailureStep(c, FAILED_VM).run();
    }
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
    journals();
  }

  /**
   * P3 and P5 from what every hypervisor recorded (the shared checks over their journals): the
   * replayed VM reached the digest it failed in, every restore holds the digest its VM had when
   * it crossed that line. A problem turns the VM or host check to FAIL.
   */
  private void journals() {
    List<JournalEntry> journal = c.client.journals();
    List<String> p3 = new ArrayList<>();
    List<String> p5 = new ArrayList<>();
    for (Finding f : ClusterOracle.history(c.spec, journal)) {
      (f.property().equals("P3") ? p3 : p5).add(f.property() + ": " + f.detail());
    }
    long restores = journal.stream().filter(e -> e.getKind() == JournalEntry.Kind.RESTORED)
        .count();
    long replays = journal.stream().filter(e -> e.getKind() == JournalEntry.Kind.REPLAYED)
        .count();
    c.report.step("hypervisors' journals: %d restore(s), %d replay(s) judged by state digest; "
        + "%d problem(s)", restores, replays, p3.size() + p5.size());
    c.report.alsoFail(Check.VM, p3);
    c.report.alsoFail(Check.HOST, p5);
  }

  /**
   * A protocol that cannot recover: the same periods of traffic with nothing failed (no line
   * to wait for: it keeps none), then quiet and the ledgers.
   */
  private void quietStory() throws Exception {
    if (!c.await(() -> delivered() > 0, "the guests' first messages")) {
      return;
    }
    c.report.step("running; no failure injected; traffic for %d periods", QUIET_PERIODS);
    Thread.sleep(QUIET_PERIODS * c.spec.basePeriodMillis());
    c.report.step("%d messages delivered so far", delivered());
    drain();
    LedgerCheck.decide(c.spec, c.ledgers(), c.report);
  }

  private long delivered() {
    return c.ledgers().values().stream()
        .mapToLong(org.vmqsc.runtime.cluster.LedgerWire::receivedTotal).sum();
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
