package org.vmqsc.report.trace;

/** A request for a diagram that cannot be drawn as asked (bad window, VM list, size, file name).
 * Its message is one line meant for the user. */
public final class TraceRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TraceRequestException(String message) {
    super(message);
  }
}
