package org.vmqsc.core.role;

import java.util.Set;

/**
 * What a host recovery did: the line it returned to and the VMs that rolled back;
 * {@code damagedLine} is a newer line it could not use because a checkpoint that line needs was
 * found damaged (D15), or -1.
 */
public record Recovery(int line, Set<Integer> rolledBack, int damagedLine) {
  public Recovery {
    rolledBack = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(rolledBack));
  }

  public Recovery(int line, Set<Integer> rolledBack) {
    this(line, rolledBack, -1);
  }
}
