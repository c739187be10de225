package org.vmqsc.runtime.auth;

import java.io.IOException;

/**
 * The cluster secret's file cannot be used as it is: others may read it, or it does not hold a
 * secret. The operator's to fix (the message says how), so the CLI reports it as bad input.
 */
public final class SecretFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public SecretFileException(String message) {
    super(message);
  }
}
