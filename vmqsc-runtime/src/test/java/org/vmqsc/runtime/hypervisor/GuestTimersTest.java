package org.vmqsc.runtime.hypervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The guests' timers as one heap with one wake-up: each fires at its due time, those due
 * together fire in one wake-up, a firing re-arms from when it ran, and a VM that moved away stops.
 * Time and wake-ups are moved by hand.
 */
class GuestTimersTest {
  /** A clock and the wake-ups set on it, run when {@link #advanceTo} passes them. */
  private static final class Loop {
    long now = 1_000;
    final List<long[]> pending = new ArrayList<>(); // {due, index into tasks}
    final List<Runnable> tasks = new ArrayList<>();
    int wakeUps;

    void after(Runnable task, long delay) {
      pending.add(new long[] {now + delay, tasks.size()});
      tasks.add(task);
    }

    void advanceTo(long t) {
      while (true) {
        long[] next = null;
        for (long[] p : pending) {
          if (p[0] <= t && (next == null || p[0] < next[0])) {
            next = p;
          }
        }
        if (next == null) {
          break;
        }
        pending.remove(next);
        now = next[0];
        wakeUps++;
        tasks.get((int) next[1]).run();
      }
      now = t;
    }
  }

  private final Loop loop = new Loop();
  private final List<String> fired = new ArrayList<>();
  private final Set<Integer> gone = new HashSet<>();

  private GuestTimers timers(long... gapOfVm) {
    return new GuestTimers(() -> loop.now, loop::after, vm -> gapOfVm[vm], vm -> {
      if (gone.contains(vm)) {
        return false;
      }
      fired.add(vm + "@" + loop.now);
      return true;
    });
  }

  @Test
  void timersDueTogetherFireInOneWakeUpAndEachRearmsFromItsFiring() {
    GuestTimers t = timers(2, 2, 3);
    t.start(0);
    t.start(1);
    t.start(2);

    loop.advanceTo(1_006);

    assertThat(fired).containsExactly("0@1002", "1@1002", "2@1003", "0@1004", "1@1004",
        "0@1006", "1@1006", "2@1006"); // due together: by VM
    assertThat(loop.wakeUps).as("one wake-up per distinct due time").isEqualTo(4);
  }

  @Test
  void aLateWakeUpFiresEveryOverdueTimerOnceAndRearmsFromNow() {
    GuestTimers t = timers(1, 5);
    t.start(0);
    t.start(1);
    loop.pending.get(0)[0] = 1_010; // the loop was busy: the wake-up runs 9 ms late

    loop.advanceTo(1_011);

    assertThat(fired).containsExactly("0@1010", "1@1010", "0@1011");
  }

  @Test
  void aVmThatMovedAwayStopsAndTheOthersGoOn() {
    GuestTimers t = timers(2, 3);
    t.start(0);
    t.start(1);
    loop.advanceTo(1_002);
    gone.add(0); // it runs on another host now (D14)

    loop.advanceTo(1_010);

    assertThat(fired).containsExactly("0@1002", "1@1003", "1@1006", "1@1009");
    assertThat(t.size()).isEqualTo(1);
  }

  @Test
  void aTimerStartedEarlierThanTheWakeUpSetGetsItsOwn() {
    GuestTimers t = timers(50, 2);
    t.start(0); // wake-up at 1050
    t.start(1); // due 1002: an earlier wake-up, the one at 1050 goes stale

    loop.advanceTo(1_050);

    assertThat(fired.get(0)).isEqualTo("1@1002");
    assertThat(fired).contains("0@1050").hasSize(26); // 25 firings of vm 1, one of vm 0
    assertThat(loop.pending).as("one live wake-up set, for 1052").hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void aFiringThatThrowsLosesOnlyItsOwnTimer() {
    List<String> seen = new ArrayList<>();
    GuestTimers t = new GuestTimers(() -> loop.now, loop::after, vm -> 2, vm -> {
      if (vm == 0) {
        throw new IllegalStateException("a bug in vm 0's firing");
      }
      seen.add(vm + "@" + loop.now);
      return true;
    });
    t.start(0);
    t.start(1);

    assertThatThrownBy(() -> loop.advanceTo(1_002)).isInstanceOf(IllegalStateException.class);
    loop.advanceTo(1_006);

    assertThat(seen).containsExactly("1@1002", "1@1004", "1@1006");
  }

  /**
   * A wake-up that ran long (its firings took the loop past the next due millisecond) sets the
   * next one from when it ended, not from when it began: set from its start, the next wake-up
   * came a whole task late, and every guest due meanwhile lost that time (a busier loop made its
   * guests offer less, which is what VM_QSC's per-message work did at saturation).
   */
  @Test
  void aWakeUpThatRanPastTheNextDueTimeSetsTheNextFromItsEnd() {
    List<String> seen = new ArrayList<>();
    GuestTimers t = new GuestTimers(() -> loop.now, loop::after, vm -> 1, vm -> {
      seen.add(vm + "@" + loop.now);
      loop.now += 1; // this firing keeps the loop busy for a millisecond
      return true;
    });
    t.start(0);

    loop.advanceTo(1_004);

    assertThat(seen).as("one firing per millisecond, none lost to the loop's own work")
        .startsWith("0@1001", "0@1002", "0@1003");
  }
}
