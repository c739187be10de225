package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.sim.scenario.Scenario;

/**
 * D14 as stories: a failed host that does not come back within the policy's time has its VMs
 * restarted from stable storage on the live hosts; it rejoins empty later. The oracle watches
 * every step (P1, P5, P6 at each recovery; P2, P6 at the end).
 */
class RelocationStoriesTest {
  /** Host restart takes a minute; the policy moves VMs after 1 s. */
  private static final Scenario.Recovery MOVE_AFTER_1S =
      new Scenario.Recovery(1_000, 2_000, 60_000, 1_000);

  private final Scenario fig2 = Scenarios.bundled("paper-fig2").withRecovery(MOVE_AFTER_1S);

  private static Scenario failing(Scenario s, Scenario.Failure... failures) {
    return s.withFailures(new Scenario.Failures(List.of(failures), 0, 0));
  }

  private static SimResult runWithTrace(Scenario s, List<String> trace) {
    SimListener observer = new SimListener() {
      @Override
      public void hostsRecovered(java.util.Set<Integer> hosts,
          org.vmqsc.core.role.Recovery r) {
        trace.add("recovered " + hosts + " rolled back " + r.rolledBack());
      }
    };
    // instant control: the recovery then costs detection and policy exactly, no phases or reads
    return Simulator.run(s, SimOptions.defaults().withListener(observer)
        .withControlDelay(SimOptions.ControlDelay.INSTANT));
  }

  @Test
  void aHostThatStaysDownHasItsVmsRestartedOnTheOtherHostAndNothingIsLost() {
    List<String> trace = new java.util.ArrayList<>();
    SimResult r = runWithTrace(failing(fig2, new Scenario.Failure(true, 1, 250_500)), trace);

    assertThat(r.failures().recoveries()).hasSize(1);
    SimResult.HostRecoveryRecord rec = r.failures().recoveries().get(0);
    assertThat(rec.hosts()).containsExactly(1);
    assertThat(rec.recoveryMillis()).as("detect 2 s + policy 1 s, not the 60 s restart")
        .isEqualTo(3_000);
    assertThat(trace.get(0)).as("host 1's VMs, and those that heard from them since the line")
        .startsWith("recovered [1] rolled back [").contains("2, 3]");
    assertThat(r.violations()).isEmpty(); // P1, P2, P5, P6: no orphan, loss or duplicate
  }

  @Test
  void anEmptiedHostRejoinsAndLaterTakesTheVmsOfTheOtherHost() {
    // host 1 dies at 200 s, its VMs move to host 0 at 203 s; host 1 is back empty at 262 s;
    // host 0 dies at 400 s and all four VMs move to host 1 at 403 s.
    SimResult r = Simulator.run(failing(fig2, new Scenario.Failure(true, 1, 200_000),
        new Scenario.Failure(true, 0, 400_000)), SimOptions.defaults());

    assertThat(r.failures().recoveries()).hasSize(2);
    assertThat(r.failures().recoveries().get(1).hosts()).containsExactly(0);
    assertThat(r.failures().recoveries().get(1).rolledBack()).isEqualTo(4);
    assertThat(r.logging().delivered()).as("traffic carries on after both moves")
        .isGreaterThan(4_000);
    assertThat(r.violations()).isEmpty();
  }

  @Test
  void whenEveryHostIsDownTheVmsWaitForARestart() {
    SimResult r = Simulator.run(failing(fig2, new Scenario.Failure(true, 0, 200_300),
        new Scenario.Failure(true, 1, 200_900)), SimOptions.defaults());

    assertThat(r.failures().recoveries()).hasSize(1);
    assertThat(r.failures().recoveries().get(0).hosts()).containsExactly(0, 1);
    assertThat(r.violations()).isEmpty();
  }

  @Test
  void underRandomFailuresTheOracleFindsNothingUnlessSenderCopiesAreOff() {
    // six hosts failing at random (MTBF 300 s each); a failed host stays down 10 s, and the
    // policy moves its VMs after 200 ms
    Scenario s = Scenarios.resource("sparse-stress.yaml")
        .withRecovery(new Scenario.Recovery(300, 500, 10_000, 200));
    Checker.Report whole = Checker.check(s, 40, 1, SimOptions.defaults(), null);
    assertThat(whole.hostFailures()).isGreaterThan(20);
    assertThat(whole.violations()).as("seeds " + whole.failingSeeds()).isZero();

    // R7 broken: nothing re-sends to the moved VMs what was in flight to their dead host
    Checker.Report broken = Checker.check(s, 40, 1,
        SimOptions.defaults().withRules(org.vmqsc.core.config.Rules.ALL.withoutSenderCopies()),
        null);
    assertThat(broken.violations()).isPositive();
  }

  @Test
  void aBaselineThatCannotRelocateIsRefusedWithOneLine() {
    assertThatThrownBy(() -> Simulator.run(fig2,
        SimOptions.defaults().withProtocol("coordinated")))
        .isInstanceOf(org.vmqsc.sim.scenario.ScenarioException.class)
        .hasMessage("paper-fig2: recovery.relocateAfter: coordinated cannot restart VMs on "
            + "another host");
  }
}
