package org.vmqsc.core.protocol;

/**
 * A host recovery found no line it can rebuild: a checkpoint the durable line needs is damaged,
 * and so is one the kept older line needs (D15). Not a protocol error but a loss the storage
 * could not absorb; the system says so instead of building a wrong state.
 */
public final class UnrecoverableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public UnrecoverableException(String message) {
    super(message);
  }
}
