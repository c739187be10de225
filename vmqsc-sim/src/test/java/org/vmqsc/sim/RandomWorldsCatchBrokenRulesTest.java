package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.vmqsc.core.config.Rules;
import org.vmqsc.sim.scenario.RandomWorlds;

/**
 * What ships catches every rule switched off: the same campaign of generated worlds that
 * {@code vmqsc check --random-worlds N --seed 1} runs (hosts failing together or during a
 * recovery, long and heavy-tailed delays, slow storage, lazy delays past the period) finds a
 * violation for each switch, the failing world replays from its seed alone, and the unbroken
 * protocol passes. The two durable-line terms (D2) are here because once no shipped check
 * noticed them missing.
 */
class RandomWorldsCatchBrokenRulesTest {
  /** Smaller than the 300 of docs/verification.md, to keep CI short; each switch is caught well
   * within it (the rarest, R3 and the unacknowledged-send term, in 2-3 worlds of 150). */
  private static final int WORLDS = 150;

  static Stream<Arguments> brokenRules() {
    return Stream.of(
        Arguments.of("R3 forced checkpoint", Rules.ALL.withoutForcedCheckpoint()),
        Arguments.of("R6 selective log", Rules.ALL.withoutSelectiveLog()),
        Arguments.of("R7 sender copies", Rules.ALL.withoutSenderCopies()),
        Arguments.of("R8 backward log", Rules.ALL.withoutBackwardLog()),
        Arguments.of("duplicate suppression", Rules.ALL.withoutDuplicateSuppression()),
        Arguments.of("orphan filter", Rules.ALL.withoutOrphanFilter()),
        Arguments.of("unacknowledged-send term of the durable line",
            Rules.ALL.withoutUnackedTerm()),
        Arguments.of("pending-R8 term of the durable line", Rules.ALL.withoutPendingR8Term()));
  }

  @ParameterizedTest(name = "{0} off")
  @MethodSource("brokenRules")
  void theOracleCatchesTheRuleSwitchedOff(String rule, Rules rules) {
    SimOptions broken = SimOptions.defaults().withRules(rules);

    Checker.Report r = Checker.checkRandomWorlds(WORLDS, 1, broken, null);

    assertThat(r.violations()).as(rule + " off, worlds 1.." + WORLDS).isPositive();
    long seed = r.failingSeeds().get(0);
    SimResult again = Simulator.run(Checker.randomWorld(seed, broken), broken);
    assertThat(again.violations()).as("world " + seed + " replays from its seed").isNotEmpty();
    assertThat(Simulator.run(RandomWorlds.world(seed), SimOptions.defaults()).violations())
        .as("world " + seed + " with every rule on").isEmpty();
  }

  @Test
  void theUnbrokenProtocolPassesTheWholeCampaign() {
    Checker.Report r = Checker.checkRandomWorlds(300, 1, SimOptions.defaults(), null);

    assertThat(r.sample()).as("violations in worlds 1..300").isEmpty();
    assertThat(r.hostFailures()).as("worlds with host failures").isGreaterThan(300);
    assertThat(r.relocated()).as("recoveries that relocated VMs").isPositive();
  }
}
