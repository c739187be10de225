package org.vmqsc.core.role;

/** How a host role sends to the manager. Delivery is asynchronous and may be delayed. */
@FunctionalInterface
public interface ToManager {
  void send(Control message);
}
