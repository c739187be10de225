package org.vmqsc.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The manager's meters (docs/operations.md lists each): the lines (R4) and how far the durable
 * one trails the taken one, each host's liveness, failures and recoveries. The manager's loop
 * publishes the values it owns ({@link #lines}, {@link #hostUp}); scrapes read them from any
 * thread. Every meter is registered at construction.
 */
public final class ManagerMetrics {
  private final PrometheusMeterRegistry registry;
  private volatile int taken = -1;
  private volatile int durable = -1;
  private final AtomicIntegerArray up;
  private final Counter hostFailures;
  private final Counter recoveries;
  private final Counter failedAttempts;
  private final Timer recovery;

  public ManagerMetrics(int hosts) {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Gauge.builder("vmqsc.line.taken", this, m -> m.taken)
        .description("the newest line every VM has reached (R4; -1 for a protocol without lines)")
        .register(registry);
    Gauge.builder("vmqsc.line.durable", this, m -> m.durable)
        .description("the newest line entirely on stable storage (R4, R10)").register(registry);
    Gauge.builder("vmqsc.line.durable.lag.periods", this, m -> Math.max(0, m.taken - m.durable))
        .description("base periods the durable line trails the taken line (staged, not durable)")
        .register(registry);
    up = new AtomicIntegerArray(hosts);
    for (int h = 0; h < hosts; h++) {
      int host = h;
      Gauge.builder("vmqsc.host.up", up, a -> a.get(host)).tag("host", Integer.toString(h))
          .description("1 while the manager counts the host alive, else 0").register(registry);
    }
    hostFailures = Counter.builder("vmqsc.host.failures")
        .description("hosts declared failed (session broken or silent)").register(registry);
    recoveries = Counter.builder("vmqsc.recoveries")
        .description("host recoveries completed (R9)").register(registry);
    failedAttempts = Counter.builder("vmqsc.recovery.failed.attempts")
        .description("recovery attempts that failed (retried, or waiting for the operator)")
        .register(registry);
    recovery = Timer.builder("vmqsc.recovery")
        .description("a host recovery's phases, from the manager's first call to the last")
        .serviceLevelObjectives(Buckets.SLOW).register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The lines as the manager's role holds them now (on its loop). */
  public void lines(int takenLine, int durableLine) {
    taken = takenLine;
    durable = durableLine;
  }

  public void hostUp(int host, boolean alive) {
    up.set(host, alive ? 1 : 0);
  }

  public void hostFailed() {
    hostFailures.increment();
  }

  public void recovered(long nanos) {
    recoveries.increment();
    recovery.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void recoveryFailed() {
    failedAttempts.increment();
  }
}
