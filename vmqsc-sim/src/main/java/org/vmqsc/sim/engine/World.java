package org.vmqsc.sim.engine;

import java.util.SplittableRandom;
import org.vmqsc.core.config.Topology;
import org.vmqsc.sim.scenario.Deployment;
import org.vmqsc.sim.scenario.Scenario;

/** The static facts of a run derived from the scenario and its seed: placement and clocks. */
final class World {
  final Topology topology;
  final HostClock[] clocks;
  final int[] firstVmOfGroup;
  final boolean driftOrDelay;

  World(Scenario s, SplittableRandom rnd) {
    topology = Deployment.topology(s);
    firstVmOfGroup = Deployment.firstVmOfGroups(s);
    clocks = new HostClock[s.hosts()];
    Scenario.Clock c = s.clock();
    for (int h = 0; h < s.hosts(); h++) {
      double drift = c.drifts().isEmpty()
          ? (c.maxDrift() == 0 ? 0 : (rnd.nextDouble() * 2 - 1) * c.maxDrift())
          : c.drifts().get(h);
      double offset = c.offsetsMillis().isEmpty()
          ? (c.maxOffsetMillis() == 0 ? 0 : (rnd.nextDouble() * 2 - 1) * c.maxOffsetMillis())
          : c.offsetsMillis().get(h);
      clocks[h] = new HostClock(drift, offset, s.basePeriodMillis());
    }
    boolean drift = false;
    for (HostClock hc : clocks) {
      drift |= hc.drift() != 0 || hc.offsetMillis() != 0;
    }
    Scenario.Network net = s.network();
    boolean delay = net.kind() != Scenario.Network.DelayKind.FIXED || net.aMillis() != 0;
    driftOrDelay = drift || delay;
  }
}
