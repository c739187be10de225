package org.vmqsc.sim;

/**
 * One oracle finding: which property (P1..P6) broke, when, where, and the seed that replays it.
 */
public record Violation(String property, long seed, long atMillis, String detail) {
  /** A protocol invariant failed inside the core: the run stops, and says how to replay it. */
  public static Violation thrown(RuntimeException broken, long seed, long atMillis) {
    return broken instanceof org.vmqsc.core.protocol.UnrecoverableException
        ? new Violation("UNRECOVERABLE", seed, atMillis, broken.getMessage())
        : new Violation("INVARIANT", seed, atMillis, broken.getClass().getSimpleName() + ": "
            + broken.getMessage());
  }

  @Override
  public String toString() {
    return property + " at t=" + atMillis + "ms (seed=" + seed + "): " + detail;
  }
}
