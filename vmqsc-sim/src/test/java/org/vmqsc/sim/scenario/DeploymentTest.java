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
    double[][] r = denseRates(scenario());
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
    double[][] rates = denseRates(s);
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

  private static final String FAN_OUT = """
      basePeriod: 10s
      duration: 100s
      seed: 5
      hosts: 4
      groups:
        - {name: a, count: 30, type: SI}
        - {name: b, count: 50, type: MI2}
      traffic:
        - {from: a, to: a, rate: 3, peers: 4}
        - {from: a, to: b, rate: 2, peers: 7}
        - {from: b, to: a, rate: 1}
      """;

  /** Issue 14: each sender talks to k fixed peers of the target group, never to itself. */
  @Test
  void fanOutGivesEachSenderKDistinctPeersOfTheTargetGroup() {
    Deployment.SenderFlow[][] flows = Deployment.senderFlows(ScenarioLoader.parse(FAN_OUT, "f.yaml"));
    for (int a = 0; a < 30; a++) {
      assertThat(receivers(flows[a][0], a)).as("a -> a, vm " + a).hasSize(4)
          .doesNotHaveDuplicates().doesNotContain(a).allMatch(v -> v >= 0 && v < 30);
      assertThat(receivers(flows[a][1], a)).as("a -> b, vm " + a).hasSize(7)
          .doesNotHaveDuplicates().allMatch(v -> v >= 30 && v < 80);
    }
    // without peers: the whole group, as before
    assertThat(receivers(flows[30][0], 30)).hasSize(30);
  }

  @Test
  void theSeedDecidesThePeers() {
    Scenario s = ScenarioLoader.parse(FAN_OUT, "f.yaml");
    Deployment.SenderFlow again = Deployment.senderFlows(s)[3][1];
    Deployment.SenderFlow same = Deployment.senderFlows(s)[3][1];
    Deployment.SenderFlow other = Deployment.senderFlows(s.withSeed(6))[3][1];
    assertThat(receivers(same, 3)).containsExactlyElementsOf(receivers(again, 3));
    boolean anyDiffers = false;
    for (int a = 0; a < 30; a++) {
      anyDiffers |= !receivers(Deployment.senderFlows(s)[a][1], a)
          .equals(receivers(Deployment.senderFlows(s.withSeed(6))[a][1], a));
    }
    assertThat(anyDiffers).as("another seed, other peers").isTrue();
    assertThat(other.peers()).isEqualTo(7);
  }

  /** Fan-out narrows whom a sender talks to, not how much: the group receives r·|H| in all. */
  @Test
  void fanOutKeepsEachSendersRateAndTheGroupsTotal() {
    Scenario s = ScenarioLoader.parse(FAN_OUT, "f.yaml");
    double[][] r = denseRates(s);
    double intoB = 0;
    for (int a = 0; a < 30; a++) {
      long peersInB = 0;
      double rowB = 0;
      for (int b = 30; b < 80; b++) {
        peersInB += r[a][b] > 0 ? 1 : 0;
        rowB += r[a][b];
      }
      assertThat(peersInB).as("vm " + a).isEqualTo(7);
      assertThat(rowB).as("vm " + a).isCloseTo(2.0 * 50 / 30, within(1e-9));
      intoB += rowB;
    }
    assertThat(intoB).as("what b receives from a in all").isCloseTo(2.0 * 50, within(1e-9));
  }

  /** A sweep that shrinks the groups below the fan-out gives each sender every VM it can. */
  @Test
  void aGroupShrunkBelowTheFanOutGivesEverySenderAllItsReceivers() {
    Scenario s = ScenarioLoader.parse(FAN_OUT, "f.yaml");
    Scenario shrunk = s.withGroups(java.util.List.of(
        new Scenario.Group("a", 3, 1, -1, 1024), new Scenario.Group("b", 5, 2, -1, 1024)));
    Deployment.SenderFlow[][] flows = Deployment.senderFlows(shrunk);
    assertThat(receivers(flows[1][0], 1)).containsExactly(0, 2);
    assertThat(receivers(flows[1][1], 1)).containsExactly(3, 4, 5, 6, 7);
  }

  private static java.util.List<Integer> receivers(Deployment.SenderFlow f, int sender) {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    for (int i = 0; i < f.peersOf(sender); i++) {
      out.add(f.receiver(sender, i));
    }
    return out;
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

  /** The scenario's rates as a VMs x VMs matrix: a reference for small scenarios in tests. */
  static double[][] denseRates(Scenario s) {
    double[][] rates = new double[s.vmCount()][s.vmCount()];
    Deployment.peerRates(s, (a, b, perSecond) -> rates[a][b] += perSecond);
    return rates;
  }
}
