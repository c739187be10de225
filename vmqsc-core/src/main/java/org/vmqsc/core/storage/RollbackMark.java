package org.vmqsc.core.storage;

/**
 * D6: a VM was rolled back to line {@code line} and runs on as {@code incarnation}. What any
 * older incarnation of it did from interval {@code line} on did not happen. This is the one
 * statement of that rule: orphan messages, stale log records and stale stable items all go
 * through {@link #undid}.
 */
public record RollbackMark(int incarnation, int line) {
  /** Whether this rollback undid interval {@code interval} of incarnation {@code incarnation}. */
  public boolean undid(int incarnation, int interval) {
    return incarnation < this.incarnation && interval >= line;
  }
}
