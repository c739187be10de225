package org.vmqsc.stories;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmqsc.core.config.Rules;
import org.vmqsc.stories.ClusterDriver.GuestView;
import org.vmqsc.stories.ClusterDriver.Setup;

/** The recovery stories on the simulator, with its oracle watching every event. */
class SimulatorStoriesTest extends RecoveryStories {
  @Override
  ClusterDriver.Factory driver() {
    return SimDriver.FACTORY;
  }

  /**
   * The stories' own check reads only the guests, so it must catch a broken protocol without the
   * oracle. With R6 off, an MI VM that was not due at a boundary has no stable log of the
   * interval it closed; after its host crashes it stands on an older checkpoint, and its ledger
   * misses messages its senders' ledgers say they sent (and the bank total moves with them).
   */
  @ParameterizedTest(name = "crash after {0} more periods")
  @ValueSource(ints = {0, 1, 2, 3})
  void theGuestsLedgersCatchAHostCrashWithoutTheSelectiveLog(int periods) throws Exception {
    try (ClusterDriver c = SimDriver.FACTORY.start(
        Setup.of("vmqsc").breaking(Rules.ALL.withoutSelectiveLog()))) {
      List<GuestView> quiet = crashHostOneAndQuiesce(c, periods);
      assertThat(QuietChecks.problems(quiet, c.initialBalance()))
          .anyMatch(p -> p.startsWith("P2: channel") && p.contains("->3"))
          .anyMatch(p -> p.startsWith("P6"));
    }
  }

  /** With the orphan filter off, a message from an execution the rollback undid is delivered. */
  @ParameterizedTest(name = "crash after {0} more periods")
  @ValueSource(ints = {3})
  void theGuestsLedgersCatchAnOrphanWhenTheFilterIsOff(int periods) throws Exception {
    Rules noOrphanFilter = new Rules(true, true, true, true, true, false);
    try (ClusterDriver c = SimDriver.FACTORY.start(Setup.of("vmqsc").breaking(noOrphanFilter))) {
      List<GuestView> quiet = crashHostOneAndQuiesce(c, periods);
      assertThat(QuietChecks.problems(quiet, c.initialBalance())).isNotEmpty();
    }
  }

  private static List<GuestView> crashHostOneAndQuiesce(ClusterDriver c, int periods)
      throws Exception {
    c.awaitDurableLine(2);
    c.runPeriods(periods);
    c.awaitWritesPending(1);
    c.failHost(1);
    c.restartHosts(1);
    c.runPeriods(2);
    return c.quiesce();
  }
}
