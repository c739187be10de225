package org.vmqsc.core.baseline.pessimistic;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.role.Control;

/**
 * Pessimistic logging's control messages. Hosts talk only to the manager: a receiver's host sends
 * its acknowledgements there and the manager forwards them at once to the sender's host. Recovery
 * phases are calls from the manager to hosts.
 */
public sealed interface LoggingControl extends Control {
  /**
   * Host to manager, forwarded unchanged to {@code senderHost}: per channel, the highest sequence
   * number the receiver has durably logged ({@link Ack#seq()}, cumulative; incarnation unused).
   * A value, so a late or repeated one only confirms what is already known.
   */
  record Logged(int senderHost, List<Ack> upTo) implements LoggingControl {
    public Logged {
      upTo = List.copyOf(upTo);
    }
  }

  /**
   * Host to manager, for information only (no rule depends on it, so it is not counted as a
   * control message): per VM whose value changed, the index of its latest checkpoint taken and
   * of its latest safe one. The manager's lines are the minimum over VMs.
   */
  record LineStatus(Map<Integer, Integer> taken, Map<Integer, Integer> safe)
      implements LoggingControl {
    public LineStatus {
      taken = Map.copyOf(taken);
      safe = Map.copyOf(safe);
    }
  }

  /** Recovery phase 1, to each restarted host: rebuild every VM of the host from stable storage. */
  record Rebuild() implements LoggingControl {}

  /** Phase 1's reply: per rebuilt VM, the safe checkpoint it restarted from. */
  record Rebuilt(Map<Integer, Integer> restartOf) implements LoggingControl {
    public Rebuilt {
      restartOf = Map.copyOf(restartOf);
    }
  }

  /** Phase 2, once every VM is rebuilt: send again what these VMs' replays regenerated. */
  record Resend(List<Integer> vms) implements LoggingControl {
    public Resend {
      vms = List.copyOf(vms);
    }
  }

  /** Phase 3, to each surviving host: re-send kept copies of messages to these hosts' VMs. */
  record RetransmitTo(Set<Integer> hosts) implements LoggingControl {
    public RetransmitTo {
      hosts = Set.copyOf(hosts);
    }
  }
}
