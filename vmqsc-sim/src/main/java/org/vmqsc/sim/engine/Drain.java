package org.vmqsc.sim.engine;

import org.vmqsc.core.config.Topology;
import org.vmqsc.sim.scenario.Scenario;

/** How long a run goes on after its traffic: the drain. */
final class Drain {
  private Drain() {}

  /**
   * After the traffic stops: time for failures to be recovered and every message to land. A
   * protocol may hold messages until its checkpoints are written (coordinated checkpointing blocks
   * sends for a round), so the drain also covers two full rounds of the busiest host's writes.
   * It also waits out the network (a message sent as traffic stops may take the delay model's
   * tail to land) three times over: the last message, a control round trip that starts a
   * recovery's retransmission, and the retransmitted copy. Without it, heavy-tailed delays gave
   * false P2 "lost" reports.
   */
  static long millis(Scenario s, Topology topo) {
    Scenario.Recovery r = s.recovery();
    long busiest = 0;
    for (int h = 0; h < topo.hosts(); h++) {
      long bytes = 0;
      for (int v : topo.vmsOn(h)) {
        bytes += topo.checkpointBytes(v);
      }
      busiest = Math.max(busiest, bytes);
    }
    long round = s.storage().lazyDelayMillis()
        + (long) Math.ceil(busiest * 1000.0 / s.storage().bandwidthBytesPerSecond());
    return 4 * s.basePeriodMillis() + r.hostDetectMillis() + r.hostRestartMillis()
        + r.vmRestartMillis() + 2 * round + 3 * Delays.tail(s.network());
  }
}
