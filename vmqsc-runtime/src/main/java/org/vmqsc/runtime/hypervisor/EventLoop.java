package org.vmqsc.runtime.hypervisor;

import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The hypervisor's one event-loop thread, which says when it has run out of ready work: after a
 * task, if no other task is due now, it runs its idle hook. The hypervisor hangs the peer links'
 * {@code flush} there, so the messages a burst of events sent (guest timers fall due together,
 * on whole milliseconds; an arriving batch is one task) leave in one frame per link, and the
 * writer thread is woken once a burst rather than once a message.
 */
final class EventLoop extends ScheduledThreadPoolExecutor {
  private volatile Runnable idle = () -> {};

  EventLoop(String threadName) {
    super(1, r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs on the loop whenever it has no task due; must be cheap and must not block. */
  void onIdle(Runnable hook) {
    this.idle = hook;
  }

  @Override
  protected void afterExecute(Runnable r, Throwable t) {
    super.afterExecute(r, t);
    if (!workDue()) {
      idle.run();
    }
  }

  /** A task is waiting that is due now (a delayed one's time has come, or one just submitted). */
  private boolean workDue() {
    return getQueue().peek() instanceof Delayed d && d.getDelay(TimeUnit.NANOSECONDS) <= 0;
  }
}
