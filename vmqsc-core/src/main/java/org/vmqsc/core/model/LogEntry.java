package org.vmqsc.core.model;

/**
 * One determinant in a VM's receive log, with the interval (the receiver's index) in which it was
 * delivered. {@code r8} marks a message that crossed a boundary backwards and was therefore
 * logged to stable storage on receipt (R8).
 */
public final class LogEntry {
  public final Determinant determinant;
  public final int interval;
  public final boolean r8;
  /** Position in the VM's delivery order, so entries from R6 and R8 records merge exactly. */
  public final long position;

  public LogEntry(Determinant determinant, int interval, boolean r8, long position) {
    this.determinant = determinant;
    this.interval = interval;
    this.r8 = r8;
    this.position = position;
  }

  public Message message() {
    return determinant instanceof Message m ? m : null;
  }
}
