package org.vmqsc.core.spi;

import org.vmqsc.core.channel.ChannelSeqs;
import org.vmqsc.core.guest.Guest;

/**
 * What a checkpoint holds: the guest's state and the hypervisor's per-channel counters for that
 * VM (how many it sent to each peer, how many it delivered from each), so that a restored VM
 * continues the sequence numbers exactly where its state left them. The delivered counters are
 * sparse (only senders that sent); {@link #recvSeq()} gives the dense form.
 */
public record VmImage(Guest guest, int[] sendSeq, ChannelSeqs received) {
  /** From dense delivered counters, one per peer (as the storage codec reads them). */
  public VmImage(Guest guest, int[] sendSeq, int[] recvSeq) {
    this(guest, sendSeq, ChannelSeqs.of(recvSeq));
  }

  /** Delivered counters, one per peer (as many as {@code sendSeq}); a fresh array each call. */
  public int[] recvSeq() {
    return received.toArray(sendSeq.length);
  }

  public VmImage copy() {
    return new VmImage(guest.copy(), sendSeq.clone(), received); // received is immutable
  }
}
