package org.vmqsc.report.trace;

/**
 * One delivery of one message, from (sender, send time) to (receiver, delivery time). A message
 * delivered again after a rollback gives a second arrow, marked {@link #redelivered()}. The
 * recorder fills in what it learns later (an R6 log written at the next boundary, an undoing
 * rollback), so the class is mutable within this package only.
 */
public final class Arrow {
  private final int from;
  private final int to;
  private final int senderIndex;
  private final long sendMillis;
  private final long deliverMillis;
  private final int interval;
  private final boolean crossHost;
  private final boolean redelivered;
  Trace.Stable stable = Trace.Stable.VOLATILE;
  boolean forcedCheckpoint;
  boolean undone;

  Arrow(int from, int to, int senderIndex, long sendMillis, long deliverMillis, int interval,
      boolean crossHost, boolean redelivered) {
    this.from = from;
    this.to = to;
    this.senderIndex = senderIndex;
    this.sendMillis = sendMillis;
    this.deliverMillis = deliverMillis;
    this.interval = interval;
    this.crossHost = crossHost;
    this.redelivered = redelivered;
  }

  public int from() {
    return from;
  }

  public int to() {
    return to;
  }

  /** The sender's index stamped on the message (R3). */
  public int senderIndex() {
    return senderIndex;
  }

  public long sendMillis() {
    return sendMillis;
  }

  public long deliverMillis() {
    return deliverMillis;
  }

  /** The receiver's index at delivery. */
  public int interval() {
    return interval;
  }

  /** Between two hosts: volatile-logged on both hypervisors (R7). */
  public boolean crossHost() {
    return crossHost;
  }

  /** Delivered again after a host failure rolled the receiver back (D7, D8). */
  public boolean redelivered() {
    return redelivered;
  }

  public Trace.Stable stable() {
    return stable;
  }

  /** Its index forced the receiver's checkpoint before delivery (R3). */
  public boolean forcedCheckpoint() {
    return forcedCheckpoint;
  }

  /** Sent or received by an execution that a host failure rolled back. */
  public boolean undone() {
    return undone;
  }

  @Override
  public String toString() {
    return "VM" + from + "->VM" + to + " @" + sendMillis + ".." + deliverMillis + " "
        + stable + (crossHost ? " R7" : "") + (redelivered ? " again" : "")
        + (forcedCheckpoint ? " forced" : "") + (undone ? " undone" : "");
  }
}
