package org.vmqsc.sim;

/**
 * One oracle finding: which property (P1..P6) broke, when, where, and the seed that replays it.
 */
public record Violation(String property, long seed, long atMillis, String detail) {
  @Override
  public String toString() {
    return property + " at t=" + atMillis + "ms (seed=" + seed + "): " + detail;
  }
}
