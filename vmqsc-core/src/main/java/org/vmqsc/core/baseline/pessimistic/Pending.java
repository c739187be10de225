package org.vmqsc.core.baseline.pessimistic;

import org.vmqsc.core.model.LogEntry;

/**
 * One item of a VM's input pipeline, in log order: a determinant (a receipt or a timer firing)
 * whose log write has ticket {@code ticket}, or a marker for host tick {@code tick}. The pipeline
 * is consumed strictly in order, and a determinant only once its write is durable: that is the
 * pessimistic rule. Markers keep ticks in log order too, so a checkpoint taken at a marker holds
 * exactly the determinants staged before that tick (see {@link PessimisticRoles}, index scheme).
 */
final class Pending {
  final LogEntry entry;
  final long ticket;
  final int tick;
  /** Simulated time the determinant arrived (or the timer fired): for the delivery delay. */
  final long stagedAt;

  private Pending(LogEntry entry, long ticket, int tick, long stagedAt) {
    this.entry = entry;
    this.ticket = ticket;
    this.tick = tick;
    this.stagedAt = stagedAt;
  }

  static Pending determinant(LogEntry entry, long ticket, long stagedAt) {
    return new Pending(entry, ticket, -1, stagedAt);
  }

  static Pending marker(int tick, long stagedAt) {
    return new Pending(null, 0, tick, stagedAt);
  }

  boolean isMarker() {
    return entry == null;
  }
}
