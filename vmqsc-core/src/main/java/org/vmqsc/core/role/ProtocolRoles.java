package org.vmqsc.core.role;

import java.util.Set;

/**
 * One protocol, as the factory of its two roles. The one registry of protocols
 * ({@code org.vmqsc.core.role.Protocols}) lists these; both drivers make their processes from it.
 */
public interface ProtocolRoles {
  String name();

  HostRole host(HostEnv env);

  ManagerRole manager(ManagerEnv env);

  /** Whether it recovers failures at all (only {@code none} does not). */
  default boolean recovers() {
    return true;
  }

  /** Whether its manager can restart a failed host's VMs on other hosts (D14). */
  default boolean relocates() {
    return false;
  }

  /**
   * Properties of SPEC §4 this protocol gives up by design (e.g. "P3" when a VM failure rolls
   * back every VM); the oracle reports them as not applicable instead of counting violations.
   */
  default Set<String> exemptFrom() {
    return Set.of();
  }
}
