package org.vmqsc.core.model;

/**
 * A guest timer firing, logged as a determinant so that replay is exact (SPEC §5). It carries
 * what the environment decided at that moment: which peer the guest addresses and a random draw,
 * so the guest's reaction is a pure function of its state and this record.
 */
public record TimerFire(int peer, long draw) implements Determinant {
  /** A timer determinant is a few words in the log, not a message body. */
  public static final long LOG_BYTES = 16;

  @Override
  public long logBytes(long messageBytes) {
    return LOG_BYTES;
  }
}
