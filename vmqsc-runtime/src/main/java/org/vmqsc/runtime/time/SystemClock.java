package org.vmqsc.runtime.time;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The wall clock; timers are the loop executor's own. */
final class SystemClock implements Clock {
  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }

  @Override
  public Scheduler on(ScheduledExecutorService loop) {
    return new Scheduler() {
      @Override
      public Timer after(long delayMillis, Runnable task) {
        return timer(loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS));
      }

      @Override
      public Timer atFixedRate(long initialDelayMillis, long periodMillis, Runnable task) {
        return timer(loop.scheduleAtFixedRate(task, initialDelayMillis, periodMillis,
            TimeUnit.MILLISECONDS));
      }

      @Override
      public Timer withFixedDelay(long initialDelayMillis, long delayMillis, Runnable task) {
        return timer(loop.scheduleWithFixedDelay(task, initialDelayMillis, delayMillis,
            TimeUnit.MILLISECONDS));
      }
    };
  }

  private static Scheduler.Timer timer(ScheduledFuture<?> f) {
    return () -> f.cancel(false);
  }
}
