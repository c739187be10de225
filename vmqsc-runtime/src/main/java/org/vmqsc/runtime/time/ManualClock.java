package org.vmqsc.runtime.time;

import java.time.Duration;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A clock that moves only when told to, for tests (Caffeine's {@code FakeTicker}): timers fall
 * due as {@link #advance} passes their time, and each runs on its node's event loop, one after
 * the other in time order, before {@code advance} goes on. The loops and the network stay real;
 * only when a timing decision is taken comes from here.
 *
 * <p>One clock per process models processes whose clocks agree; a process whose clock is not
 * advanced is paused (no ticks, no heartbeats), and {@link #jump} then {@link #advance} is how a
 * paused process wakes up: late, every missed timer at once.
 */
public final class ManualClock implements Clock {
  /** A timer task that takes longer than this on its loop means the loop is stuck. */
  static final long RUN_LIMIT_SECONDS = 30;

  private final PriorityQueue<Entry> queue = new PriorityQueue<>(
      Comparator.comparingLong((Entry e) -> e.at).thenComparingLong(e -> e.seq));
  private volatile long now;
  private long seq;

  public ManualClock(long startMillis) {
    this.now = startMillis;
  }

  @Override
  public long millis() {
    return now;
  }

  @Override
  public Scheduler on(ScheduledExecutorService loop) {
    return new Scheduler() {
      @Override
      public Timer after(long delayMillis, Runnable task) {
        return add(loop, task, delayMillis, 0);
      }

      @Override
      public Timer atFixedRate(long initialDelayMillis, long periodMillis, Runnable task) {
        return add(loop, task, initialDelayMillis, positive(periodMillis));
      }

      @Override
      public Timer withFixedDelay(long initialDelayMillis, long delayMillis, Runnable task) {
        return add(loop, task, initialDelayMillis, -positive(delayMillis));
      }
    };
  }

  /**
   * Moves time on by {@code d}, running every timer that falls due on the way at its own time,
   * each to completion on its loop, and those they set in turn if due by the end.
   */
  public void advance(Duration d) {
    long target = now + d.toMillis();
    Entry e;
    while ((e = nextDueBy(target)) != null) {
      run(e);
    }
    synchronized (this) {
      now = Math.max(now, target);
    }
  }

  /**
   * Moves time on by {@code d} without running anything: a process paused meanwhile (SIGSTOP)
   * finds, when it goes on, that time has passed; its overdue timers run at the next
   * {@link #advance}, at the time it then is.
   */
  public synchronized void jump(Duration d) {
    now += d.toMillis();
  }

  /** How many timers are set and not cancelled. */
  public synchronized int pending() {
    return (int) queue.stream().filter(e -> !e.cancelled).count();
  }

  private synchronized Entry nextDueBy(long target) {
    while (!queue.isEmpty() && queue.peek().at <= target) {
      Entry e = queue.poll();
      if (!e.cancelled) {
        now = Math.max(now, e.at);
        return e;
      }
    }
    return null;
  }

  private void run(Entry e) {
    try {
      e.loop.submit(e.task).get(RUN_LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (RejectedExecutionException stopped) {
      return; // its node has closed: the timer goes with it
    } catch (ExecutionException ex) {
      throw new IllegalStateException("a timer task failed", ex.getCause());
    } catch (TimeoutException ex) {
      throw new IllegalStateException("a timer task ran past " + RUN_LIMIT_SECONDS + " s", ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while a timer ran", ex);
    }
    synchronized (this) {
      if (e.period != 0 && !e.cancelled) {
        e.at = e.period > 0 ? e.at + e.period : now - e.period;
        e.seq = seq++;
        queue.add(e);
      }
    }
  }

  private synchronized Scheduler.Timer add(ScheduledExecutorService loop, Runnable task,
      long delayMillis, long period) {
    Entry e = new Entry(loop, task, period);
    e.at = now + Math.max(0, delayMillis);
    e.seq = seq++;
    queue.add(e);
    return () -> {
      synchronized (ManualClock.this) {
        e.cancelled = true;
      }
    };
  }

  private static long positive(long periodMillis) {
    if (periodMillis <= 0) {
      throw new IllegalArgumentException("period must be > 0 ms, got " + periodMillis);
    }
    return periodMillis;
  }

  /** A timer: {@code period} > 0 fixed rate, < 0 fixed delay, 0 once. */
  private static final class Entry {
    final ScheduledExecutorService loop;
    final Runnable task;
    final long period;
    long at;
    long seq;
    boolean cancelled;

    Entry(ScheduledExecutorService loop, Runnable task, long period) {
      this.loop = loop;
      this.task = task;
      this.period = period;
    }
  }
}
