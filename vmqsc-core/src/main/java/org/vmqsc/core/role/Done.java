package org.vmqsc.core.role;

/** The reply to a recovery phase that returns nothing but "done". */
public record Done() implements Control {
  public static final Done DONE = new Done();
}
