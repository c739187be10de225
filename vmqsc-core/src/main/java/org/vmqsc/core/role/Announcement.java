package org.vmqsc.core.role;

import java.util.List;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.AckList;

/**
 * The manager's periodic word to one host (D2): the durable line (or -1 for a protocol without
 * one) and the acknowledgements relayed from the receivers of messages this host's VMs sent.
 */
public record Announcement(int durableLine, List<Ack> acks) implements Control {
  public Announcement {
    acks = AckList.copyOf(acks);
  }
}
