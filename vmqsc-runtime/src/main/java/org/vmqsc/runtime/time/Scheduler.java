package org.vmqsc.runtime.time;

/** A node's timers, each run on the node's event loop when its {@link Clock} says so. */
public interface Scheduler {
  /** Runs {@code task} once, {@code delayMillis} from now. */
  Timer after(long delayMillis, Runnable task);

  /**
   * Runs {@code task} every {@code periodMillis}, first after {@code initialDelayMillis}; runs
   * that were missed (the loop or the process was held up) are made up back to back.
   */
  Timer atFixedRate(long initialDelayMillis, long periodMillis, Runnable task);

  /** Runs {@code task} again {@code delayMillis} after each run ends; nothing is made up. */
  Timer withFixedDelay(long initialDelayMillis, long delayMillis, Runnable task);

  /** A timer that can be stopped; a run already under way finishes. */
  interface Timer {
    void cancel();
  }
}
