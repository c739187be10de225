package org.vmqsc.core.config;

/**
 * Switches for single rules, so tests can break the protocol on purpose and show that the oracle
 * notices. Production code uses {@link #ALL}. {@code unackedTerm} and {@code pendingR8Term} are
 * the two terms of VM_QSC's durable line besides the durable checkpoints (D2): switched off, a
 * VM's usable line no longer waits for its unacknowledged sends, or for its R8 records not yet on
 * stable storage. {@code damagedLogCheck} is D15 for log records: switched off, a host recovery
 * asks only whether the line's base checkpoints read back good, and a damaged log record the line
 * needs is dropped silently, as before issue 11.
 */
public record Rules(boolean r3ForcedCheckpoint, boolean r6SelectiveLog, boolean r8BackwardLog,
    boolean r7SenderCopies, boolean duplicateSuppression, boolean orphanFilter,
    boolean unackedTerm, boolean pendingR8Term, boolean damagedLogCheck) {

  public static final Rules ALL = new Rules(true, true, true, true, true, true, true, true, true);

  /** The first eight switches; D15 for log records on. */
  public Rules(boolean r3ForcedCheckpoint, boolean r6SelectiveLog, boolean r8BackwardLog,
      boolean r7SenderCopies, boolean duplicateSuppression, boolean orphanFilter,
      boolean unackedTerm, boolean pendingR8Term) {
    this(r3ForcedCheckpoint, r6SelectiveLog, r8BackwardLog, r7SenderCopies, duplicateSuppression,
        orphanFilter, unackedTerm, pendingR8Term, true);
  }

  /** The first six switches; both durable-line terms on. */
  public Rules(boolean r3ForcedCheckpoint, boolean r6SelectiveLog, boolean r8BackwardLog,
      boolean r7SenderCopies, boolean duplicateSuppression, boolean orphanFilter) {
    this(r3ForcedCheckpoint, r6SelectiveLog, r8BackwardLog, r7SenderCopies, duplicateSuppression,
        orphanFilter, true, true);
  }

  public Rules withoutForcedCheckpoint() {
    return new Rules(false, r6SelectiveLog, r8BackwardLog, r7SenderCopies, duplicateSuppression,
        orphanFilter, unackedTerm, pendingR8Term, damagedLogCheck);
  }

  public Rules withoutSelectiveLog() {
    return new Rules(r3ForcedCheckpoint, false, r8BackwardLog, r7SenderCopies,
        duplicateSuppression, orphanFilter, unackedTerm, pendingR8Term, damagedLogCheck);
  }

  public Rules withoutBackwardLog() {
    return new Rules(r3ForcedCheckpoint, r6SelectiveLog, false, r7SenderCopies,
        duplicateSuppression, orphanFilter, unackedTerm, pendingR8Term, damagedLogCheck);
  }

  public Rules withoutDuplicateSuppression() {
    return new Rules(r3ForcedCheckpoint, r6SelectiveLog, r8BackwardLog, r7SenderCopies, false,
        orphanFilter, unackedTerm, pendingR8Term, damagedLogCheck);
  }

  public Rules withoutSenderCopies() {
    return new Rules(r3ForcedCheckpoint, r6SelectiveLog, r8BackwardLog, false,
        duplicateSuppression, orphanFilter, unackedTerm, pendingR8Term, damagedLogCheck);
  }

  public Rules withoutOrphanFilter() {
    return new Rules(r3ForcedCheckpoint, r6SelectiveLog, r8BackwardLog, r7SenderCopies,
        duplicateSuppression, false, unackedTerm, pendingR8Term, damagedLogCheck);
  }

  /** The durable line no longer waits for unacknowledged sends (D2). */
  public Rules withoutUnackedTerm() {
    return new Rules(r3ForcedCheckpoint, r6SelectiveLog, r8BackwardLog, r7SenderCopies,
        duplicateSuppression, orphanFilter, false, pendingR8Term, damagedLogCheck);
  }

  /** The durable line no longer waits for R8 records still on their way to stable storage (D2). */
  public Rules withoutPendingR8Term() {
    return new Rules(r3ForcedCheckpoint, r6SelectiveLog, r8BackwardLog, r7SenderCopies,
        duplicateSuppression, orphanFilter, unackedTerm, false, damagedLogCheck);
  }

  /** A damaged log record no longer keeps a recovery off its line (D15 for logs). */
  public Rules withoutDamagedLogCheck() {
    return new Rules(r3ForcedCheckpoint, r6SelectiveLog, r8BackwardLog, r7SenderCopies,
        duplicateSuppression, orphanFilter, unackedTerm, pendingR8Term, false);
  }
}
