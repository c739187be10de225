package org.vmqsc.core.baseline.pessimistic;

/**
 * The blocking cost of pessimistic logging, measured in simulated time: how long each determinant
 * waited between its arrival (a message reaching the receiver's hypervisor, or a timer firing) and
 * its delivery to the guest, which waits for its log write to become durable. Also the VM-time
 * during which a VM had at least one determinant held back for its log write (what
 * {@link LoggingHost#blockedVmMillis()} sums). Waits of determinants lost in a host
 * failure are not counted; a determinant of a VM that is down waits for the VM too.
 */
public final class DeliveryWaits {
  private long messages;
  private long messageWaitMillis;
  private long maxMessageWaitMillis;
  private long timers;
  private long timerWaitMillis;
  private long blockedVmMillis;

  void message(long waitMillis) {
    messages++;
    messageWaitMillis += waitMillis;
    maxMessageWaitMillis = Math.max(maxMessageWaitMillis, waitMillis);
  }

  void timer(long waitMillis) {
    timers++;
    timerWaitMillis += waitMillis;
  }

  void blocked(long millis) {
    blockedVmMillis += millis;
  }

  /** Messages delivered after their log write (replays not counted). */
  public long messages() {
    return messages;
  }

  /** Mean delay from a message's arrival at its receiver's hypervisor to its delivery. */
  public double meanMessageWaitMillis() {
    return messages == 0 ? 0 : (double) messageWaitMillis / messages;
  }

  public long maxMessageWaitMillis() {
    return maxMessageWaitMillis;
  }

  public long timers() {
    return timers;
  }

  /** Mean delay from a timer firing to the guest acting on it (and sending). */
  public double meanTimerWaitMillis() {
    return timers == 0 ? 0 : (double) timerWaitMillis / timers;
  }

  /** VM-milliseconds with input held back for a log write. */
  public long blockedVmMillis() {
    return blockedVmMillis;
  }

  @Override
  public String toString() {
    return String.format("messages %d waited %.1f ms on average (max %d ms); timers %d waited "
        + "%.1f ms; VMs blocked %.1f VM-s", messages, meanMessageWaitMillis(),
        maxMessageWaitMillis, timers, meanTimerWaitMillis(), blockedVmMillis / 1000.0);
  }
}
