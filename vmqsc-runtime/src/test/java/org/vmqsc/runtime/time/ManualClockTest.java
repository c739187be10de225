package org.vmqsc.runtime.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timers on a hand-moved clock run on the loop, in time order, when time passes them. */
class ManualClockTest {
  final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
  final ManualClock clock = new ManualClock(1000);
  final Scheduler timers = clock.on(loop);
  final List<String> ran = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    loop.shutdownNow();
  }

  private Runnable note(String what) {
    return () -> ran.add(what + "@" + clock.millis() + (Thread.currentThread().getName()
        .startsWith("pool") ? "" : " off the loop"));
  }

  @Test
  void nothingRunsUntilTimeReachesIt() {
    timers.after(500, note("a"));
    clock.advance(Duration.ofMillis(499));
    assertThat(ran).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(ran).containsExactly("a@1500");
    assertThat(clock.millis()).isEqualTo(1500);
  }

  @Test
  void timersRunInTimeOrderEachAtItsOwnTime() {
    timers.after(300, note("late"));
    timers.atFixedRate(100, 100, note("tick"));
    timers.after(150, note("mid"));
    clock.advance(Duration.ofMillis(350));
    // at the same time, the timer set first runs first: "late" was set before the third tick
    assertThat(ran).containsExactly("tick@1100", "mid@1150", "tick@1200", "late@1300",
        "tick@1300");
    assertThat(clock.millis()).isEqualTo(1350);
  }

  @Test
  void aTimerSetByATimerRunsInTheSameAdvanceIfDue() {
    timers.after(100, () -> timers.after(50, note("second")));
    clock.advance(Duration.ofMillis(200));
    assertThat(ran).containsExactly("second@1150");
  }

  @Test
  void aCancelledTimerNeverRuns() {
    Scheduler.Timer t = timers.atFixedRate(100, 100, note("tick"));
    clock.advance(Duration.ofMillis(250));
    t.cancel();
    clock.advance(Duration.ofMillis(1000));
    assertThat(ran).containsExactly("tick@1100", "tick@1200");
    assertThat(clock.pending()).isZero();
  }

  /** A paused process: fixed rate makes up the missed runs at once, fixed delay does not. */
  @Test
  void afterAJumpOverdueTimersRunLateAtTheTimeItIsNow() {
    timers.atFixedRate(100, 100, note("rate"));
    timers.withFixedDelay(100, 100, note("delay"));
    clock.jump(Duration.ofMillis(350));
    assertThat(ran).isEmpty();
    clock.advance(Duration.ZERO);
    assertThat(ran).containsExactly("rate@1350", "delay@1350", "rate@1350", "rate@1350");
    clock.advance(Duration.ofMillis(100));
    assertThat(ran).endsWith("rate@1400", "delay@1450");
  }

  @Test
  void timersOfAStoppedLoopAreDropped() {
    timers.atFixedRate(100, 100, note("tick"));
    loop.shutdownNow();
    clock.advance(Duration.ofMillis(500));
    assertThat(ran).isEmpty();
    assertThat(clock.pending()).isZero();
  }
}
