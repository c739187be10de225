package org.vmqsc.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.sim.engine.Simulation;
import org.vmqsc.sim.scenario.Deployment;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/** Issue 14: traffic with {@code peers: k}, judged from what the guests sent and received. */
class FanOutTest {
  /**
   * Lopsided on purpose: three times as many MI2 as SI VMs, and the SI senders each reach ONE MI2
   * VM, so most MI2 VMs get nothing from them and a dozen get a lot.
   */
  private static final String LOPSIDED = """
      basePeriod: 10s
      duration: 1000s
      seed: 3
      hosts: 4
      groups:
        - {name: si, count: 12, type: SI}
        - {name: mi2, count: 36, type: MI2}
      traffic:
        - {from: si, to: si, rate: 4, peers: 3}
        - {from: si, to: mi2, rate: 2, peers: 1}
        - {from: mi2, to: si, rate: 2, peers: 5}
        - {from: mi2, to: mi2, rate: 1, peers: 2}
      network: {delay: 0ms}
      clock: {maxDrift: 0}
      """;

  @Test
  void eachGuestSendsToItsPeersAndNoOneElse() {
    Scenario s = ScenarioLoader.parse(LOPSIDED, "lopsided.yaml").withDuration(300_000);
    Deployment.SenderFlow[][] flows = Deployment.senderFlows(s);
    Simulation sim = new Simulation(s, SimOptions.defaults());
    sim.start();
    sim.advanceTo(s.durationMillis());
    for (int v = 0; v < s.vmCount(); v++) {
      Set<Integer> peers = new HashSet<>();
      for (Deployment.SenderFlow f : flows[v]) {
        for (int i = 0; i < f.peersOf(v); i++) {
          peers.add(f.receiver(v, i));
        }
      }
      assertThat(peers).as("vm " + v + "'s peers").hasSize(v < 12 ? 4 : 7);
      Ledger ledger = sim.guest(v).ledger();
      for (int p = 0; p < s.vmCount(); p++) {
        if (peers.contains(p)) {
          assertThat(ledger.sentCount(p)).as("vm " + v + " -> its peer " + p).isPositive();
        } else {
          assertThat(ledger.sentCount(p)).as("vm " + v + " -> " + p + ", no peer").isZero();
        }
      }
    }
    assertThat(sim.finish().violations()).isEmpty();
  }

  /**
   * Fan-out moves receipts between the VMs of a group, not between groups: η depends on each
   * group's total receive rate (SPEC §6), so the formula holds as it is, however lopsided.
   */
  @Test
  void etaStaysTheFormulasWithFanOut() {
    SimResult r = Simulator.run(ScenarioLoader.parse(LOPSIDED, "lopsided.yaml"),
        SimOptions.defaults());
    // R_si = (4 + 2)·12 = 72, R_mi2 = (2 + 1)·36 = 108 of which MI2 logs half: 54 / 180
    assertThat(r.logging().etaAnalytic()).isCloseTo(0.3, within(1e-12));
    assertThat(r.logging().eta()).isCloseTo(0.3, within(0.03 * 0.3));
    assertThat(r.logging().delivered()).as("180 msg/s for 1000 s")
        .isCloseTo(180_000L, within(3_000L));
    assertThat(r.violations()).isEmpty();
  }

  @Test
  void theDefaultIsEveryVmOfTheGroup() {
    Scenario all = ScenarioLoader.parse(LOPSIDED.replaceAll(", peers: \\d+", ""), "all.yaml");
    for (Scenario.Flow f : all.traffic()) {
      assertThat(f.fansOut()).isFalse();
    }
    assertThat(Deployment.senderFlows(all)[0][1].peersOf(0)).isEqualTo(36);
  }
}
