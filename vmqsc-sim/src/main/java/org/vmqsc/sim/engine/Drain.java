package org.vmqsc.sim.engine;

import java.util.function.LongSupplier;
import org.vmqsc.core.config.Topology;
import org.vmqsc.sim.scenario.Scenario;

/**
 * How long a run goes on after its traffic: the drain. It lasts {@link #millis} at least, and
 * longer, in steps of the clocks' ticks, while the guests' ledgers still show a message sent and
 * not received (or a VM down) and messages still arrive: storage that cannot keep up with a
 * protocol's writes (the pessimistic baseline delivers only what it has logged) can hold messages
 * long past any fixed drain, and ending the run then would report them lost. A run whose ledgers
 * stop moving for ten fixed drains, or that reaches the bound, ends: what is missing is lost.
 */
final class Drain {
  /** However long messages take, the run ends within this many times its nominal length. */
  private static final int BOUND_RUNS = 40;
  /**
   * The run ends once no message arrived for this many fixed drains. Ten: the pessimistic
   * baseline on storage slower than its checkpoints needs (random worlds) delivers in bursts
   * minutes apart; more makes every broken-rule campaign wait as long on each lost message.
   */
  private static final int PATIENCE_DRAINS = 10;

  private final LongSupplier progress;
  private final long patience;
  private final long bound;
  private long end;
  private long lastProgress = -1;
  private long lastProgressAt;

  /**
   * {@code progress}: -1 once every message sent has been received and every VM is up; before,
   * a count that grows with every receipt.
   */
  Drain(Scenario s, Topology topo, LongSupplier progress) {
    this.progress = progress;
    this.patience = PATIENCE_DRAINS * millis(s, topo);
    this.end = s.durationMillis() + millis(s, topo);
    this.bound = end + BOUND_RUNS * end;
    this.lastProgressAt = end;
  }

  /** When the run ends, as far as it is known now. */
  long end() {
    return end;
  }

  /** Whether the run goes on at time {@code t}; past the end only while unsettled and moving. */
  boolean runsAt(long t) {
    if (t > end && t <= bound) {
      long p = progress.getAsLong();
      if (p != lastProgress) {
        lastProgress = p;
        lastProgressAt = t;
      }
      if (p >= 0 && t - lastProgressAt <= patience) {
        end = t;
      }
    }
    return t <= end;
  }

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
