package org.vmqsc.core.spi;

import java.util.List;
import org.vmqsc.core.model.Ack;

/**
 * A hypervisor's report to the manager, one entry per VM it runs: the VM's index and the highest
 * line index the VM can be recovered to from stable storage alone ({@code usable}: its state at
 * that index is durable, and no message it sent or received before it is still unsettled). It also
 * carries the acknowledgements of messages this host delivered since its last report, which the
 * manager relays to the senders' hypervisors; riding in the report, an acknowledgement can never
 * reach a sender before the manager has seen the receiver's pending R8 writes (docs/protocol.md D2).
 */
public record HostReport(int host, int[] vms, int[] index, int[] usable, List<Ack> acks) {}
