package org.vmqsc.cli.chaos;

import java.util.List;

/**
 * One chaos cycle: the fault goes in at its point of the period ({@link FaultInjector}); chaos
 * then acts as the operator (restarts whatever process is gone) until the cluster has recovered:
 * every host alive and not awaiting recovery, every VM up, the fault's effect seen, and the
 * durable line moved on past where it stood at the fault's end (the protocol makes progress
 * again). Then traffic stops, the {@link ClusterCheck} is polled until it finds nothing or its
 * bound passes, and traffic resumes. A recovery or check that does not finish within its bound
 * is a stall.
 */
public final class CycleRunner {
  private final ChaosTarget t;
  private final ChaosProcesses procs;
  private final ClusterCheck check;
  private final Observe observe;
  private final FaultInjector injector;
  private final long stallMillis;
  private final List<String> restartedInWarmUp = new java.util.ArrayList<>();

  public CycleRunner(ChaosTarget t, ChaosProcesses procs, ClusterCheck check, long stallMillis) {
    this.t = t;
    this.procs = procs;
    this.check = check;
    this.observe = new Observe(t);
    this.injector = new FaultInjector(t, procs, observe);
    this.stallMillis = stallMillis;
  }

  /** A fresh cluster's first lines, on a loaded machine: not bounded by the stall bound. */
  static final long WARM_UP_MILLIS = 60_000;

  /**
   * Waits until the durable line reaches {@code line}, restarting what dies meanwhile (a loaded
   * machine's slow start got hosts declared failed and fenced while booting); false after
   * {@link #WARM_UP_MILLIS}.
   */
  public boolean warmUp(int line) throws Exception {
    long deadline = System.currentTimeMillis() + WARM_UP_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      restartedInWarmUp.addAll(procs.restartDead());
      if (observe.healthy() && observe.durableLineOr(-1) >= line) {
        return true;
      }
      Thread.sleep(Observe.POLL_MILLIS);
    }
    return false;
  }

  /** Processes that died during the warm-up and were started again, by name. */
  public List<String> restartedInWarmUp() {
    return List.copyOf(restartedInWarmUp);
  }

  public CycleResult run(Fault f) throws Exception {
    String exited = exitedOnTheirOwn();
    if (exited != null) {
      // Nothing chaos did ended it: that is a finding, not a fault to inject on top of.
      return new CycleResult(f, -1, "exited between cycles without a fault: " + exited
          + "; restarted", List.of(), "");
    }
    Thread.sleep(f.delayMillis());
    int lineBefore = observe.durableLineOr(0);
    FaultInjector.Injected in;
    try {
      in = injector.inject(f);
    } catch (RuntimeException e) {
      // The cluster did not answer for 30 s before or while the fault went in.
      return new CycleResult(f, -1, "the fault could not be put in: " + e.getMessage() + " ("
          + observe.describe() + ")", List.of(), "");
    }
    int line = Math.max(lineBefore, observe.durableLineOr(lineBefore));
    long recovered = awaitRecovery(in, line);
    if (recovered < 0) {
      return new CycleResult(f, -1, "not recovered within " + stallMillis / 1000 + " s ("
          + observe.describe() + ")", List.of(), in.note());
    }
    long recoveryMillis = recovered - in.endMillis();
    try {
      t.client().setTraffic(false);
      List<String> problems = quietProblems();
      t.client().setTraffic(true);
      return new CycleResult(f, recoveryMillis, null, problems, in.note());
    } catch (RuntimeException e) {
      return new CycleResult(f, recoveryMillis, "the check could not run: " + e.getMessage(),
          List.of(), in.note());
    }
  }

  /**
   * Processes that stopped since the last cycle recovered, other than a host told to stop
   * because it was declared failed (the protocol's own fencing, which a restart answers), with
   * why each said it stopped; null when none. Every process that is gone is restarted.
   */
  private String exitedOnTheirOwn() throws java.io.IOException {
    List<String> gone = procs.dead();
    if (gone.isEmpty()) {
      return null;
    }
    List<String> unexpected = new java.util.ArrayList<>();
    for (String name : gone) {
      String why = t.dir().exitReason(name);
      if (!why.contains("was declared failed by the manager")) {
        unexpected.add(name + " (" + why + ")");
      }
    }
    procs.restartDead();
    return unexpected.isEmpty() ? null : String.join(", ", unexpected);
  }

  /** When the cluster had recovered, or -1 after the stall bound. */
  private long awaitRecovery(FaultInjector.Injected in, int line) throws Exception {
    long deadline = in.endMillis() + stallMillis;
    boolean[] seen = {false};
    while (System.currentTimeMillis() < deadline) {
      procs.restartDead();
      try {
        seen[0] = seen[0] || in.evidence().getAsBoolean();
      } catch (RuntimeException e) {
        // the manager or a host not answering yet
      }
      if (seen[0] && observe.healthy() && observe.durableLineOr(-1) > line) {
        return System.currentTimeMillis();
      }
      Thread.sleep(Observe.POLL_MILLIS);
    }
    return -1;
  }

  /**
   * Polls the check until it finds nothing or the stall bound passes; what it still finds then.
   * A cluster that stops answering here throws (a stall, not a violation).
   */
  private List<String> quietProblems() throws InterruptedException {
    long deadline = System.currentTimeMillis() + stallMillis;
    while (true) {
      List<String> problems;
      try {
        problems = check.problems(t);
      } catch (RuntimeException e) {
        if (System.currentTimeMillis() >= deadline) {
          throw e;
        }
        problems = null; // a host not answering for a moment: ask again
      }
      if (problems != null && (problems.isEmpty() || System.currentTimeMillis() >= deadline)) {
        return problems;
      }
      Thread.sleep(Observe.POLL_MILLIS * 2);
    }
  }
}
