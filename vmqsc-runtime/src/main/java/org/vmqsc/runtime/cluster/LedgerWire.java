package org.vmqsc.runtime.cluster;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.runtime.proto.PeerLedger;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * A guest's {@link Ledger} on the admin API's wire ({@code VmLedger}): one {@code PeerLedger}
 * per peer the guest talked to, never one slot per VM of the cluster (that answer grew with VMs
 * squared). Readers take both forms: the sparse {@code channels} this runtime sends, and the
 * dense per-peer arrays an older hypervisor sent.
 */
public final class LedgerWire {
  private LedgerWire() {}

  /** Adds {@code ledger}'s channels (the peers it touched, ascending) to {@code b}. */
  public static VmLedger.Builder fill(VmLedger.Builder b, Ledger ledger) {
    ledger.forEachPeer((p, sentCount, sentChain, sentAmount, recvCount, recvChain, recvAmount) ->
        b.addChannels(PeerLedger.newBuilder().setPeer(p)
            .setSentCount(sentCount).setRecvCount(recvCount)
            .setSentChain(sentChain).setRecvChain(recvChain)
            .setSentAmount(sentAmount).setRecvAmount(recvAmount)));
    return b;
  }

  /** The channels of {@code v}, ascending by peer; from the dense form, the non-zero ones. */
  public static List<PeerLedger> channels(VmLedger v) {
    if (v.getChannelsCount() > 0 || v.getSentCountCount() == 0) {
      return v.getChannelsList();
    }
    List<PeerLedger> out = new ArrayList<>();
    for (int p = 0; p < v.getSentCountCount(); p++) {
      PeerLedger c = PeerLedger.newBuilder().setPeer(p)
          .setSentCount(v.getSentCount(p)).setRecvCount(v.getRecvCount(p))
          .setSentChain(at(v.getSentChainList(), p)).setRecvChain(at(v.getRecvChainList(), p))
          .setSentAmount(at(v.getSentAmountList(), p))
          .setRecvAmount(at(v.getRecvAmountList(), p)).build();
      if (!c.equals(PeerLedger.newBuilder().setPeer(p).build())) {
        out.add(c);
      }
    }
    return out;
  }

  private static long at(List<Long> l, int p) {
    return p < l.size() ? l.get(p) : 0;
  }

  /** The messages {@code v} sent to {@code peer}. */
  public static int sent(VmLedger v, int peer) {
    PeerLedger c = channel(v, peer);
    return c == null ? 0 : c.getSentCount();
  }

  /** The messages {@code v} received from {@code peer}. */
  public static int received(VmLedger v, int peer) {
    PeerLedger c = channel(v, peer);
    return c == null ? 0 : c.getRecvCount();
  }

  /** The messages {@code v} received, from every peer. */
  public static long receivedTotal(VmLedger v) {
    long n = 0;
    for (PeerLedger c : channels(v)) {
      n += c.getRecvCount();
    }
    return n;
  }

  /** The messages {@code v} sent, to every peer. */
  public static long sentTotal(VmLedger v) {
    long n = 0;
    for (PeerLedger c : channels(v)) {
      n += c.getSentCount();
    }
    return n;
  }

  private static PeerLedger channel(VmLedger v, int peer) {
    List<PeerLedger> cs = channels(v);
    int lo = 0;
    int hi = cs.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int p = cs.get(mid).getPeer();
      if (p == peer) {
        return cs.get(mid);
      } else if (p < peer) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return null;
  }

  /**
   * The guest's ledger as its hypervisor sent it, spanning {@code vms} VMs: one record per channel
   * of the answer, never a slot per VM (the oracle rebuilds every VM's ledger at once).
   */
  public static Ledger ledger(VmLedger v, int vms) {
    Ledger.Builder l = Ledger.builder(vms);
    for (PeerLedger c : channels(v)) {
      int p = c.getPeer();
      if (p < 0 || p >= vms) {
        throw new IllegalArgumentException("vm " + v.getVm() + "'s ledger names peer " + p
            + " of " + vms + " VMs");
      }
      l.peer(p, c.getSentCount(), c.getSentChain(), c.getSentAmount(), c.getRecvCount(),
          c.getRecvChain(), c.getRecvAmount());
    }
    return l.build();
  }
}
