package org.vmqsc.stories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmqsc.stories.ClusterDriver.GuestView;
import org.vmqsc.stories.ClusterDriver.Setup;

/**
 * The recovery stories, written once: start, crash, restart, quiesce, and judge from what the
 * guests hold. Each driver (simulator, in-process runtime, real processes) runs every story for
 * every protocol it can recover; a protocol that a driver cannot run with failures is skipped
 * and says so.
 */
abstract class RecoveryStories {
  /** Protocols that roll every VM back on any failure (they are exempt from P3 by design). */
  private static final Set<String> GLOBAL_ROLLBACK = Set.of("coordinated", "bcs");

  private ClusterDriver cluster;

  abstract ClusterDriver.Factory driver();

  /** Whether this driver runs the story for every protocol by default (slow drivers may not). */
  boolean runsEveryStory() {
    return true;
  }

  /**
   * Whether this driver runs even the default stories for {@code protocol} by default (slow
   * drivers may run a few protocols and leave the rest to {@link #runsEveryStory}).
   */
  boolean runsByDefault(String protocol) {
    return true;
  }

  private ClusterDriver start(Setup setup) throws Exception {
    assumeTrue(driver().recovers(setup.protocol()),
        driver().name() + " does not recover failures under " + setup.protocol() + " yet");
    assumeTrue(runsEveryStory() || runsByDefault(setup.protocol()),
        "set VMQSC_ALL_STORIES=1 to run " + setup.protocol() + " here");
    cluster = driver().start(setup);
    return cluster;
  }

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vmqsc", "coordinated", "bcs", "pessimistic"})
  void aVmFailureIsRepairedWithoutLosingOrRepeatingAMessage(String protocol) throws Exception {
    ClusterDriver c = start(Setup.of(protocol));
    c.awaitDurableLine(2);
    List<GuestView> before = c.guests();

    c.failVmAndAwaitRestore(0);

    if (!GLOBAL_ROLLBACK.contains(protocol)) {
      assertNoOtherVmWentBack(before, c.guests(), 0); // P3: repaired by its hypervisor alone
    }
    c.runPeriods(2);
    assertWhole(c.quiesce(), c);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vmqsc", "coordinated", "bcs", "pessimistic"})
  void aHostCrashWhileWritesArePendingRecoversFromStableStorage(String protocol)
      throws Exception {
    ClusterDriver c = start(Setup.of(protocol));
    c.awaitDurableLine(2);
    c.awaitWritesPending(1);

    c.failHost(1); // its staged checkpoints die with it (R10, P5)
    c.restartHosts(1);

    c.runPeriods(2);
    assertWhole(c.quiesce(), c);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vmqsc", "coordinated", "bcs", "pessimistic"})
  void bothHostsCrashingAtOnceRecoverFromStableStorageAlone(String protocol) throws Exception {
    assumeTrue(runsEveryStory(), "set VMQSC_ALL_STORIES=1 to run this story here");
    ClusterDriver c = start(Setup.of(protocol));
    c.awaitDurableLine(2);

    c.failHost(0);
    c.failHost(1);
    c.restartHosts(0, 1);

    c.runPeriods(2);
    assertWhole(c.quiesce(), c);
  }

  /** Only VM_QSC's manager restarts a failed host's VMs elsewhere (D14; relocates()). */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vmqsc"})
  void aHostThatStaysAwayHasItsVmsRestartedOnTheOthers(String protocol) throws Exception {
    assumeTrue(runsEveryStory(), "set VMQSC_ALL_STORIES=1 to run this story here");
    ClusterDriver c = start(Setup.of(protocol).relocatingAfter(1_000));
    c.awaitDurableLine(2);

    c.failHost(1);
    c.awaitRelocated(1); // D14: it never comes back; host 0 runs all four VMs

    c.runPeriods(2);
    assertWhole(c.quiesce(), c);
  }

  /**
   * Only VM_QSC keeps an older line to fall back to (D15); the baselines keep one line and promise
   * nothing when its checkpoint is damaged.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vmqsc"})
  void aCheckpointFoundDamagedMakesTheRecoveryFallBackAndNothingIsLost(String protocol)
      throws Exception {
    assumeTrue(runsEveryStory(), "set VMQSC_ALL_STORIES=1 to run this story here");
    ClusterDriver c = start(Setup.of(protocol));
    c.awaitDurableLine(4);

    c.failHost(1);
    c.damageCheckpointOfDurableLine(2); // host 1's SI VM: its base for the durable line rots
    c.restartHosts(1); // D15: every VM goes back to an older line that reads back whole
    assertThat(c.lastRecoveryFellBack()).as("the recovery met the damaged checkpoint").isTrue();

    c.runPeriods(2);
    assertWhole(c.quiesce(), c);
  }

  /**
   * Only VM_QSC's manager keeps its state durably across a restart (D13: lines, incarnations,
   * rollback history); the baselines' managers are assumed reliable, as the paper assumes, and
   * promise nothing here.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vmqsc"})
  void theManagerRestartsAndTheClusterCarriesOn(String protocol) throws Exception {
    assumeTrue(driver().managerFails(), driver().name() + " does not fail its manager");
    assumeTrue(runsEveryStory(), "set VMQSC_ALL_STORIES=1 to run this story here");
    ClusterDriver c = start(Setup.of(protocol));
    c.awaitDurableLine(2);

    c.restartManager();
    c.awaitDurableLine(4); // lines move on under the new manager

    c.failHost(1); // and it can still recover a host
    c.restartHosts(1);
    assertWhole(c.quiesce(), c);
  }

  /** P2 and P6 from the guests, and whatever the driver's own checker found. */
  private static void assertWhole(List<GuestView> quiet, ClusterDriver c) {
    assertThat(QuietChecks.problems(quiet, c.initialBalance()))
        .as("the guests' ledgers once quiet").isEmpty();
    assertThat(c.violations()).as("the driver's checker").isEmpty();
    int delivered = quiet.stream().mapToInt(GuestView::receivedTotal).sum();
    assertThat(delivered).as("the story had traffic to judge").isGreaterThan(0);
  }

  /**
   * A VM that was not rolled back has only ever received more: its receive count on every channel
   * is at least what it was before the failure.
   */
  private static void assertNoOtherVmWentBack(List<GuestView> before, List<GuestView> after,
      int failed) {
    for (GuestView b : before) {
      if (b.vm() == failed) {
        continue;
      }
      GuestView a = after.get(b.vm());
      for (int p = 0; p < b.received().length; p++) {
        assertThat(a.received()[p]).as("vm %d's receipts from vm %d", b.vm(), p)
            .isGreaterThanOrEqualTo(b.received()[p]);
      }
    }
  }
}
