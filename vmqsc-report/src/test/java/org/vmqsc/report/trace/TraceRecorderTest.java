package org.vmqsc.report.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Simulator;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/** The recorder sees what the protocol did: every delivery, classified as the rules say. */
class TraceRecorderTest {
  private static final long EVER = Long.MAX_VALUE / 4;

  private record Recorded(Trace trace, SimResult result) {}

  private static Recorded record(Scenario s, Set<Integer> shown, long from, long to) {
    TraceRecorder recorder = new TraceRecorder(TraceTopology.of(s), s.basePeriodMillis(), shown,
        from, to);
    SimResult r = Simulator.run(s, SimOptions.defaults().withOracle(false).withListener(recorder));
    return new Recorded(recorder.trace(), r);
  }

  /** paper-fig2 (Figures 2 and 3: VM1 MI2, VM2 SI on host 0; VM3 SI, VM4 MI3 on host 1), 80 s,
   * no failures. */
  private static Scenario small() {
    return ScenarioLoader.load("paper-fig2").withDuration(80_000)
        .withFailures(Scenario.Failures.none());
  }

  @Test
  void everyDeliveryIsOneArrowAndTheStableOnesAddUpToTheRunsCounts() {
    Recorded run = record(small(), null, 0, EVER);
    List<Arrow> arrows = run.trace().arrows();

    assertThat(arrows).hasSize((int) run.result().logging().delivered());
    assertThat(count(arrows, Trace.Stable.R6)).isEqualTo(run.result().logging().stableR6())
        .isPositive();
    assertThat(count(arrows, Trace.Stable.R8)).isEqualTo(run.result().logging().stableR8())
        .isPositive();
    assertThat(arrows).noneMatch(a -> a.stable() == Trace.Stable.OTHER || a.undone()
        || a.redelivered());
  }

  @Test
  void classesFollowTheRules() {
    Recorded run = record(small(), null, 0, EVER);
    TraceTopology topo = run.trace().topology();

    for (Arrow a : run.trace().arrows()) {
      // R3: never received in an earlier interval than sent.
      assertThat(a.interval()).as("%s", a).isGreaterThanOrEqualTo(a.senderIndex());
      assertThat(a.deliverMillis()).isGreaterThanOrEqualTo(a.sendMillis());
      // R7: cross-host exactly when the two VMs' hosts differ (VM1, VM2 on 0; VM3, VM4 on 1).
      assertThat(a.crossHost()).as("%s", a).isEqualTo((a.from() < 2) != (a.to() < 2));
      switch (a.stable()) {
        // R8: crossed a boundary backwards, written at receipt.
        case R8 -> assertThat(a.senderIndex()).as("%s", a).isLessThan(a.interval());
        // R6: only an MI VM's receipts, in an interval not closed by a checkpoint.
        case R6 -> {
          assertThat(topo.k(a.to())).as("%s", a).isGreaterThan(1);
          assertThat(a.senderIndex()).as("%s", a).isEqualTo(a.interval());
        }
        case VOLATILE -> {
          assertThat(a.senderIndex()).as("%s", a).isEqualTo(a.interval());
          // An MI VM's receipt stays volatile only if a checkpoint closed its interval.
          if (topo.k(a.to()) > 1) {
            assertThat(closedByCheckpoint(run.trace(), a.to(), a.interval())).as("%s", a)
                .isTrue();
          }
        }
        default -> throw new AssertionError(a.toString());
      }
    }
    // SI VMs (VM2, VM3) never need a stable log of ordinary messages (R6).
    assertThat(run.trace().arrows()).noneMatch(a -> a.stable() == Trace.Stable.R6
        && topo.k(a.to()) == 1);
  }

  /** Did VM vm take a checkpoint when it left interval x? */
  private static boolean closedByCheckpoint(Trace t, int vm, int x) {
    return t.checkpoints().stream().anyMatch(c -> c.vm() == vm && c.firstIndex() == x + 1);
  }

  @Test
  void theClassesComeFromWhatTheProtocolWroteNotFromTheRules() {
    Scenario s = small();
    TraceRecorder recorder = new TraceRecorder(TraceTopology.of(s), s.basePeriodMillis(), null, 0,
        EVER);
    Simulator.run(s, SimOptions.defaults().withOracle(false).withListener(recorder)
        .withRules(org.vmqsc.core.config.Rules.ALL.withoutSelectiveLog().withoutBackwardLog()));

    assertThat(recorder.trace().arrows()).isNotEmpty()
        .allMatch(a -> a.stable() == Trace.Stable.VOLATILE);
  }

  @Test
  void eachForcedCheckpointIsPinnedOnTheMessageThatForcedIt() {
    Recorded run = record(small(), null, 0, EVER);
    List<Trace.Checkpoint> forced = run.trace().checkpoints().stream()
        .filter(Trace.Checkpoint::forced).toList();

    assertThat(forced).hasSize((int) run.result().checkpoints().forced()).isNotEmpty();
    for (Trace.Checkpoint c : forced) {
      List<Arrow> cause = run.trace().arrows().stream()
          .filter(a -> a.forcedCheckpoint() && a.to() == c.vm()
              && a.deliverMillis() == c.millis())
          .toList();
      assertThat(cause).as("%s", c).hasSize(1);
      // R3: the message carried the higher index the receiver jumped to.
      assertThat(cause.get(0).senderIndex()).isGreaterThanOrEqualTo(c.dueIndex());
    }
  }

  @Test
  void onlyTheShownVmsAndTheWindowAreKept() {
    Recorded run = record(small(), Set.of(0, 2), 20_000, 30_000);

    assertThat(run.trace().arrows()).isNotEmpty().allMatch(a -> Set.of(0, 2).contains(a.from())
        && Set.of(0, 2).contains(a.to()) && a.deliverMillis() >= 20_000
        && a.sendMillis() <= 30_000);
    assertThat(run.trace().checkpoints()).allMatch(c -> c.vm() == 0 || c.vm() == 2);
  }

  @Test
  void aVmFailureIsARestoreWithReplayAndAHostFailureUndoesWork() {
    Recorded run = record(ScenarioLoader.load("paper-fig2"), null, 0, EVER);
    Trace t = run.trace();

    assertThat(t.failures()).extracting(Trace.Failure::hostFailure).containsExactly(false, true);
    Trace.Rollback restore = t.rollbacks().get(0);
    assertThat(restore.local()).isTrue();
    assertThat(restore.vm()).isZero();
    assertThat(restore.replayed()).isPositive();
    assertThat(restore.targetMillis()).isBetween(0L, 55_000L);

    List<Trace.Rollback> toLine = t.rollbacks().subList(1, t.rollbacks().size());
    SimResult.Failures failures = run.result().failures();
    assertThat(toLine).hasSize((int) failures.vmsRolledBack() - 1)
        .allMatch(r -> !r.local() && r.line() == failures.recoveries().get(0).durableLine()
            && r.targetMillis() > 0 && r.targetMillis() < 300_000);
    assertThat(t.arrows()).anyMatch(Arrow::undone);
    // (Re-delivery after a rollback is not asserted here: in paper-fig2's all-to-all traffic the
    // recovery rolls every VM back, so what follows the line is undone, not re-delivered.)
    // VM3 and VM4 (host 1) were down from the failure to the recovery; VM1 from its own.
    assertThat(t.downtimes()).extracting(Trace.Down::vm).containsExactlyInAnyOrder(0, 2, 3);
  }

  private static long count(List<Arrow> arrows, Trace.Stable s) {
    return arrows.stream().filter(a -> a.stable() == s).count();
  }
}
