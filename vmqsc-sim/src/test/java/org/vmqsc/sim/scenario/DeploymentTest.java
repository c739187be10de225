package org.vmqsc.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.guest.TrafficGuest;

/** What a scenario deploys, as the simulator and the runtime both take it. */
class DeploymentTest {
  private static final String TWO_GROUPS = """
      basePeriod: 10s
      duration: 100s
      hosts: 3
      groups:
        - {name: si, count: 4, type: SI, checkpointSize: 2MiB}
        - {name: mi, count: 2, type: MI3, host: 2}
      traffic:
        - {from: si, to: si, rate: 3}
        - {from: si, to: mi, rate: 2}
        - {from: mi, to: si, rate: 1}
        - {from: mi, to: mi, rate: 0}
      """;

  private static Scenario scenario() {
    return ScenarioLoader.parse(TWO_GROUPS, "two-groups.yaml");
  }

  @Test
  void groupsAreNumberedInOrderAndSpreadRoundRobinUnlessPinned() {
    Topology t = Deployment.topology(scenario());
    assertThat(t.vms()).isEqualTo(6);
    assertThat(new int[] {t.hostOf(0), t.hostOf(1), t.hostOf(2), t.hostOf(3)})
        .containsExactly(0, 1, 2, 0);
    assertThat(t.hostOf(4)).isEqualTo(2);
    assertThat(t.hostOf(5)).isEqualTo(2);
    assertThat(t.k(0)).isEqualTo(1);
    assertThat(t.k(5)).isEqualTo(3);
    assertThat(t.checkpointBytes(0)).isEqualTo(2L << 20);
    assertThat(Deployment.firstVmOfGroups(scenario())).containsExactly(0, 4);
  }

  @Test
  void theRuntimeMayOverrideTheCheckpointSize() {
    Topology t = Deployment.topology(scenario(), 4096);
    assertThat(t.checkpointBytes(0)).isEqualTo(4096);
    assertThat(t.checkpointBytes(5)).isEqualTo(4096);
  }

  /** SPEC §6: a flow's rate is what EACH receiver gets from the whole sender group. */
  @Test
  void everyReceiverGetsEachFlowsRateFromTheWholeGroup() {
    double[][] r = Deployment.peerRates(scenario());
    for (int b = 0; b < 4; b++) {
      assertThat(r[0][b] + r[1][b] + r[2][b] + r[3][b]).as("si -> si vm " + b)
          .isCloseTo(3.0, within(1e-9));
      assertThat(r[4][b] + r[5][b]).as("mi -> si vm " + b).isCloseTo(1.0, within(1e-9));
    }
    for (int b = 4; b < 6; b++) {
      assertThat(r[0][b] + r[1][b] + r[2][b] + r[3][b]).as("si -> mi vm " + b)
          .isCloseTo(2.0, within(1e-9));
    }
    assertThat(r[4][5]).as("a flow of rate 0 sends nothing").isZero();
    assertThat(r[2][2]).as("a VM never sends to itself").isZero();
  }

  @Test
  void eachSendersFlowsAddUpToItsPeerRates() {
    Scenario s = scenario();
    Deployment.SenderFlow[][] flows = Deployment.senderFlows(s);
    double[][] rates = Deployment.peerRates(s);
    for (int a = 0; a < flows.length; a++) {
      double flowTotal = 0;
      for (Deployment.SenderFlow f : flows[a]) {
        flowTotal += f.ratePerSecond();
      }
      double peerTotal = 0;
      for (double x : rates[a]) {
        peerTotal += x;
      }
      assertThat(peerTotal).as("vm " + a).isCloseTo(flowTotal, within(1e-9));
    }
    assertThat(flows[4]).hasSize(1); // mi -> mi has rate 0: left out
  }

  @Test
  void theWorkloadNamesTheGuestProgram() {
    Scenario traffic = scenario();
    assertThat(Deployment.guests(traffic).create(0, new Ledger(6)))
        .isInstanceOf(TrafficGuest.class);
    Scenario bank = ScenarioLoader.parse(TWO_GROUPS + "workload: bank\n", "bank.yaml");
    assertThat(Deployment.guests(bank).create(3, new Ledger(6)))
        .isInstanceOfSatisfying(BankGuest.class, g -> assertThat(g.balance())
            .isEqualTo(bank.workload().initialBalance()));
  }
}
