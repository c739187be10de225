package org.vmqsc.core.role;

import java.util.List;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.AckList;

/**
 * A host's periodic report to the manager (R4), one entry per VM it runs: the VM, its index, and
 * the highest line it can be recovered to from stable storage alone ({@code usable}: its state at
 * that index is durable, and no message it sent or received before it is still unsettled), and the
 * VM's incarnation (D6) that these figures describe: a report still on its way when a recovery
 * rolls the VM back describes an execution that no longer exists, and the manager ignores it. It also
 * carries the acknowledgements of messages this host delivered since its last report, which the
 * manager relays to the senders' hosts; riding in the report, an acknowledgement can never reach a
 * sender before the manager has seen the receiver's pending R8 writes (docs/protocol.md D2). The
 * manager relays them even from entries it ignores: each names the receiver's execution, and the
 * sender judges it (D4).
 * Protocols without a line send no VMs, only acknowledgements.
 *
 * <p>{@code resentAt} is the sum of every VM's incarnation as this host knew them when it last
 * re-sent kept copies (phase 5 of R9), 0 if it never did: a re-send puts messages back in flight
 * below the {@code usable} of a VM that was not rolled back, so the manager holds such a VM's
 * usable line at the recovery's line until a report made after the re-send (D2, D4).
 */
public record Report(int host, int[] vms, int[] index, int[] usable, int[] incarnation,
    List<Ack> acks, int resentAt)
    implements Control {
  /** A report of a host that never re-sent kept copies. */
  public Report(int host, int[] vms, int[] index, int[] usable, int[] incarnation,
      List<Ack> acks) {
    this(host, vms, index, usable, incarnation, acks, 0);
  }

  public Report {
    if (index.length != vms.length || usable.length != vms.length
        || incarnation.length != vms.length) {
      throw new IllegalArgumentException("report of host " + host
          + ": vms, index, usable and incarnation differ in length");
    }
    acks = AckList.copyOf(acks);
  }
}
