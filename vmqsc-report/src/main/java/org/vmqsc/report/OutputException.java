package org.vmqsc.report;

/**
 * A report's output directory or one of its files cannot be written. The message is one line
 * that names the path and the reason, e.g. {@code cannot write out/results.csv: permission
 * denied}, so the command line can print it as is (exit status 2).
 */
public final class OutputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutputException(String message, Throwable cause) {
    super(message, cause);
  }
}
