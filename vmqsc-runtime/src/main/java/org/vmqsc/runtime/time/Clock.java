package org.vmqsc.runtime.time;

import java.util.concurrent.ScheduledExecutorService;

/**
 * Where a runtime node reads the time and sets its timers: the one source of time for its
 * timing decisions (ticks x·T0, heartbeats and their timeout, fencing, relocation, reconnects),
 * so a test can move it by hand instead of sleeping.
 */
public interface Clock {
  /** Milliseconds since 1970, as the node's timing decisions see them. */
  long millis();

  /**
   * Timers whose tasks run on {@code loop}, the node's single event-loop thread, when this clock
   * says they are due: the loop keeps the core single-threaded, the clock decides when.
   */
  Scheduler on(ScheduledExecutorService loop);

  /** The wall clock, and timers on the loop's own executor. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
