package org.vmqsc.core.role;

/** A recovery phase could not reach its host: the recovery is given up and planned again. */
public final class HostUnreachableException extends RuntimeException {
  public HostUnreachableException(int host, Throwable cause) {
    super("host " + host + " did not answer", cause);
  }
}
