package org.vmqsc.core.spi;

import org.vmqsc.core.channel.ChannelSeqs;
import org.vmqsc.core.guest.Guest;

/**
 * What a checkpoint holds: the guest's state and the hypervisor's per-channel counters for that
 * VM (how many it sent to each peer, how many it delivered from each), so that a restored VM
 * continues the sequence numbers exactly where its state left them. Both counters are sparse
 * (only channels that carried a message), so a checkpoint's size follows the VM's peers, not the
 * number of VMs; {@code peers} is that number, for the dense forms {@link #sendSeq()} and
 * {@link #recvSeq()} the storage codec writes.
 */
public record VmImage(Guest guest, int peers, ChannelSeqs sent, ChannelSeqs received) {
  /** From dense counters, one per peer (as the storage codec reads them). */
  public VmImage(Guest guest, int[] sendSeq, int[] recvSeq) {
    this(guest, sendSeq.length, ChannelSeqs.of(sendSeq), ChannelSeqs.of(recvSeq));
  }

  /** Sent counters, one per peer; a fresh array each call. */
  public int[] sendSeq() {
    return sent.toArray(peers);
  }

  /** Delivered counters, one per peer; a fresh array each call. */
  public int[] recvSeq() {
    return received.toArray(peers);
  }

  public VmImage copy() {
    return new VmImage(guest.copy(), peers, sent, received); // the counters are immutable
  }
}
