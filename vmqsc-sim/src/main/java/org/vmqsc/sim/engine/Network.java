package org.vmqsc.sim.engine;

import java.util.SplittableRandom;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.Transport;
import org.vmqsc.sim.scenario.Scenario;

/**
 * The network between hosts: a delay drawn per message, FIFO per pair of hosts (as a stream
 * would be). A message already sent still arrives if its sender's host dies; one that reaches a
 * dead host is lost.
 */
final class Network implements Transport {
  interface Arrivals {
    void arrive(int destHost, Message m);
  }

  private final Delays delays;
  private final EventQueue queue;
  private final Arrivals arrivals;
  private final long[][] lastArrival;
  private final java.util.function.IntUnaryOperator hostOf;
  private long now;

  Network(Scenario.Network spec, SplittableRandom rnd, EventQueue queue, Arrivals arrivals,
      int hosts, java.util.function.IntUnaryOperator hostOf) {
    this.delays = new Delays(spec, rnd);
    this.queue = queue;
    this.arrivals = arrivals;
    this.lastArrival = new long[hosts][hosts];
    this.hostOf = hostOf;
  }

  void setNow(long t) {
    now = t;
  }

  @Override
  public void send(int destHost, Message m) {
    if (delays.instant()) {
      arrivals.arrive(destHost, m);
      return;
    }
    int src = hostOf.applyAsInt(m.from);
    long at = Math.max(now + delays.draw(), lastArrival[src][destHost]);
    lastArrival[src][destHost] = at;
    queue.schedule(at, Event.Kind.ARRIVAL, destHost, 0, m);
  }
}
