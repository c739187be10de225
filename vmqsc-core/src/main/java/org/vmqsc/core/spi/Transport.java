package org.vmqsc.core.spi;

import org.vmqsc.core.model.Message;

/** Carries a message to another host's hypervisor (in the simulator: an event; in the runtime: a
 * stream to the peer). Within a host, messages never reach the transport. */
public interface Transport {
  void send(int destHost, Message m);
}
