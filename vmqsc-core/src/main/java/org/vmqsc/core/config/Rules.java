package org.vmqsc.core.config;

/**
 * Switches for single rules, so tests can break the protocol on purpose and show that the oracle
 * notices. Production code uses {@link #ALL}.
 */
public record Rules(boolean r3ForcedCheckpoint, boolean r6SelectiveLog, boolean r8BackwardLog,
    boolean r7SenderCopies, boolean duplicateSuppression, boolean orphanFilter) {

  public static final Rules ALL = new Rules(true, true, true, true, true, true);

  public Rules withoutForcedCheckpoint() {
    return new Rules(false, r6SelectiveLog, r8BackwardLog, r7SenderCopies, duplicateSuppression,
        orphanFilter);
  }

  public Rules withoutSelectiveLog() {
    return new Rules(r3ForcedCheckpoint, false, r8BackwardLog, r7SenderCopies,
        duplicateSuppression, orphanFilter);
  }

  public Rules withoutBackwardLog() {
    return new Rules(r3ForcedCheckpoint, r6SelectiveLog, false, r7SenderCopies,
        duplicateSuppression, orphanFilter);
  }

  public Rules withoutDuplicateSuppression() {
    return new Rules(r3ForcedCheckpoint, r6SelectiveLog, r8BackwardLog, r7SenderCopies, false,
        orphanFilter);
  }

  public Rules withoutSenderCopies() {
    return new Rules(r3ForcedCheckpoint, r6SelectiveLog, r8BackwardLog, false,
        duplicateSuppression, orphanFilter);
  }
}
