package org.vmqsc.core.model;

/**
 * A nondeterministic event that begins a state interval of a piecewise-deterministic guest
 * (SPEC §1): a message receipt or a timer firing. Replaying the same determinants in the same order
 * from a checkpoint reproduces the same states and the same sends (SPEC §5: timers are
 * determinants too).
 */
public sealed interface Determinant permits Message, TimerFire {
  /** Bytes this determinant occupies in a log record. */
  long logBytes(long messageBytes);
}
