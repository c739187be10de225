package org.vmqsc.core.spi;

import java.util.List;
import org.vmqsc.core.model.Message;

/** Control traffic a hypervisor sends: its periodic report to the manager, and acknowledgements
 * of delivered messages to the hypervisors that sent them. */
public interface ControlPlane {
  void report(HostReport report);

  void ack(int senderHost, List<Message> delivered);
}
