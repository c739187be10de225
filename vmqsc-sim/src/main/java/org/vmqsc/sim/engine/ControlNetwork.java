package org.vmqsc.sim.engine;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.RoleSystem;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.scenario.Scenario;

/**
 * Control messages between the manager and the hypervisors as the scenario's network carries
 * them: each is a simulation event after a delay drawn from the network model, FIFO per (from, to)
 * pair, as on a gRPC stream; the manager is one more end ({@link RoleSystem#MANAGER}). On a
 * network without delay they are delivered in the step they are sent, as VM messages are.
 *
 * <p>A recovery's phases stay synchronous calls (the protocol decides everything at the instant
 * the manager starts it), but this courier times them: each phase costs the slowest of its calls,
 * a call being a round trip drawn from the network model plus the stable storage its host read
 * back while answering, at the scenario's bandwidth. Consecutive calls of one request type are one
 * phase (every host is asked, then the next phase starts: R9).
 */
final class ControlNetwork implements RoleSystem.Courier {
  /** What recoveries read back from stable storage. */
  interface Reads {
    /** Bytes read back so far. */
    long bytesRead();

    /** A recovery begins: a VM it reads counts once, however often the protocol looks. */
    void newRecovery();
  }

  /** Null when control messages are instant: they go at once and recoveries are not timed. */
  private final Delays delays;
  private final EventQueue queue;
  /** Per (from + 1, to + 1): the last arrival time, so that a later message never overtakes. */
  private final long[][] lastArrival;
  private final Reads reads;
  private final double bytesPerMilli;
  private long now;
  private final Phases phases;

  private ControlNetwork(Delays delays, EventQueue queue, int hosts, Reads reads,
      double bytesPerSecond) {
    this.delays = delays;
    this.queue = queue;
    this.lastArrival = new long[hosts + 1][hosts + 1];
    this.reads = reads;
    this.bytesPerMilli = bytesPerSecond / 1000.0;
    this.phases = new Phases(hosts);
  }

  /**
   * The run's control plane as {@code mode} says. The network one draws from its own generator,
   * seeded by the run's seed, so that the VM messages' delays are drawn exactly as with instant
   * control.
   */
  static ControlNetwork of(SimOptions.ControlDelay mode, Scenario s, EventQueue queue,
      Reads reads) {
    Delays delays = mode == SimOptions.ControlDelay.NETWORK
        ? new Delays(s.network(), new SplittableRandom(s.seed() ^ 0xC0A7701L)) : null;
    return new ControlNetwork(delays, queue, s.hosts(), reads,
        s.storage().bandwidthBytesPerSecond());
  }

  void setNow(long t) {
    now = t;
  }

  @Override
  public void carry(int from, int to, Runnable delivery) {
    if (delays == null || delays.instant()) {
      delivery.run();
      return;
    }
    long at = Math.max(now + delays.draw(), lastArrival[from + 1][to + 1]);
    lastArrival[from + 1][to + 1] = at;
    queue.schedule(at, Event.Kind.CONTROL, to, from, delivery);
  }

  @Override
  public Control call(int host, Control request, UnaryOperator<Control> answer) {
    if (!phases.open) {
      return answer.apply(request); // outside a recovery (an emptied host rejoining): not timed
    }
    phases.enter(request.getClass());
    long before = reads.bytesRead();
    Control reply = answer.apply(request);
    long read = reads.bytesRead() - before;
    phases.bytesInCalls += read;
    phases.hostMillis[host] += delays.draw() + delays.draw() + readMillis(read);
    return reply;
  }

  /** A recovery starts: its calls are timed from here. */
  void beginRecovery() {
    if (delays != null) {
      reads.newRecovery();
      phases.begin(reads.bytesRead());
    }
  }

  /**
   * The recovery is over: its modelled duration, the sum of its phases plus what the manager
   * read itself (outside any call), in milliseconds.
   */
  long endRecovery() {
    if (!phases.open) {
      return 0;
    }
    phases.enter(null);
    phases.open = false;
    long managerBytes = reads.bytesRead() - phases.bytesAtStart - phases.bytesInCalls;
    return phases.total + readMillis(managerBytes);
  }

  private long readMillis(long bytes) {
    return (long) Math.ceil(bytes / bytesPerMilli);
  }

  /** The phases of the recovery in progress. */
  private static final class Phases {
    /** Per host, the time of its calls in the current phase (a host called twice waits twice). */
    final long[] hostMillis;
    boolean open;
    Class<?> current;
    long total;
    long bytesAtStart;
    long bytesInCalls;

    Phases(int hosts) {
      hostMillis = new long[hosts];
    }

    void begin(long bytesNow) {
      open = true;
      current = null;
      total = 0;
      bytesAtStart = bytesNow;
      bytesInCalls = 0;
      Arrays.fill(hostMillis, 0);
    }

    /** A call of type {@code type}: if it is not the current phase's, that phase is over. */
    void enter(Class<?> type) {
      if (type == current) {
        return;
      }
      total += Arrays.stream(hostMillis).max().orElse(0);
      Arrays.fill(hostMillis, 0);
      current = type;
    }
  }
}
