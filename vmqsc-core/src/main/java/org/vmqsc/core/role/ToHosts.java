package org.vmqsc.core.role;

/**
 * How the manager role sends to one host. Asynchronous; a message to a host that is down, or that
 * is replaced before it arrives, is lost, as on a network.
 */
@FunctionalInterface
public interface ToHosts {
  void send(int host, Control message);
}
