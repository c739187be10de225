package org.vmqsc.core.spi;

import org.vmqsc.core.guest.Guest;

/**
 * What a checkpoint holds: the guest's state and the hypervisor's per-channel counters for that
 * VM (how many it sent to each peer, how many it delivered from each), so that a restored VM
 * continues the sequence numbers exactly where its state left them.
 */
public record VmImage(Guest guest, int[] sendSeq, int[] recvSeq) {
  public VmImage copy() {
    return new VmImage(guest.copy(), sendSeq.clone(), recvSeq.clone());
  }
}
