package org.vmqsc.report;

import java.util.List;
import org.vmqsc.sim.Protocols;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/** Small scenarios that keep the tests quick. */
final class Fixtures {
  private Fixtures() {}

  /**
   * paper-fig2 cut to 120 s: 4 VMs on 2 hosts, delay, drift, and its VM failure at 55 s (the
   * host failure at 300 s falls outside), so per-failure metrics have something to measure.
   */
  static Scenario shortFig2() {
    return ScenarioLoader.load("paper-fig2").withDuration(120_000);
  }

  /** Every protocol that can run {@link #shortFig2} (none cannot: it has a failure). */
  static List<String> protocols() {
    return Protocols.runnableOn(List.of(shortFig2()));
  }
}
