package org.vmqsc.runtime.storage;

import java.io.IOException;

/** A stored item that does not read back as written: torn, truncated, bit-flipped or foreign. */
public final class CorruptItemException extends IOException {
  private static final long serialVersionUID = 1L;

  public CorruptItemException(String message) {
    super(message);
  }
}
