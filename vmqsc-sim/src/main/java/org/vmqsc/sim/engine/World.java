package org.vmqsc.sim.engine;

import java.util.SplittableRandom;
import org.vmqsc.core.protocol.Topology;
import org.vmqsc.sim.scenario.Scenario;

/** The static facts of a run derived from the scenario and its seed: placement and clocks. */
final class World {
  final Topology topology;
  final HostClock[] clocks;
  final int[] firstVmOfGroup;
  final boolean driftOrDelay;

  World(Scenario s, SplittableRandom rnd) {
    int n = s.vmCount();
    int[] k = new int[n];
    int[] host = new int[n];
    long[] bytes = new long[n];
    firstVmOfGroup = new int[s.groups().size()];
    int v = 0;
    for (int g = 0; g < s.groups().size(); g++) {
      Scenario.Group grp = s.groups().get(g);
      firstVmOfGroup[g] = v;
      for (int i = 0; i < grp.count(); i++, v++) {
        k[v] = grp.k();
        host[v] = grp.host() >= 0 ? grp.host() : v % s.hosts();
        bytes[v] = grp.checkpointBytes();
      }
    }
    topology = new Topology(k, host, bytes, s.hosts(), s.network().messageBytes());
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
