package org.vmqsc.core.role;

/**
 * The manager's recovery phases: one request to a host and its reply, waited for. A recovery is a
 * sequence of such phases (R9), each finished on every host before the next starts.
 */
public interface HostCalls {
  /** Whether {@code host} can take a call now (its process is up and has joined). */
  boolean reachable(int host);

  /**
   * Sends {@code request} to {@code host} and returns its reply. Throws
   * {@link HostUnreachableException} when the host cannot answer.
   */
  Control call(int host, Control request);
}
