package org.vmqsc.sim.scenario;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.GuestFactory;

/**
 * What a scenario deploys, as both drivers need it: the VMs' types and placement (the
 * {@link Topology}), the traffic each VM sends, and the guest program. The simulator and the
 * runtime's config reader both take these from here, so a scenario means the same cluster in
 * both.
 *
 * <p>VMs are numbered group by group in the order the scenario lists them; a group without a
 * host is spread round-robin over all hosts by global VM number.
 */
public final class Deployment {
  private Deployment() {}

  /**
   * One flow as the senders of its group see it: the messages per second each sender sends on it,
   * and whom to. Without fan-out ({@code peers} 0) a sender draws uniformly from {@code
   * receiverCount} VMs from {@code firstReceiver}, itself excluded when it is one of them; with
   * fan-out it draws uniformly from its own row of {@code peerTable} ({@link FanOut}), the senders
   * numbered from {@code firstSender}.
   */
  public record SenderFlow(double ratePerSecond, int firstReceiver, int receiverCount,
      int firstSender, int peers, int[] peerTable) {
    /** How many VMs {@code sender} can actually send to on this flow. */
    public int peersOf(int sender) {
      if (peers > 0) {
        return peers;
      }
      boolean self = sender >= firstReceiver && sender < firstReceiver + receiverCount;
      return receiverCount - (self ? 1 : 0);
    }

    /** The {@code i}-th receiver of {@code sender} ({@code 0 <= i < peersOf(sender)}). */
    public int receiver(int sender, int i) {
      if (peers > 0) {
        return peerTable[(sender - firstSender) * peers + i];
      }
      int to = firstReceiver + i;
      boolean self = sender >= firstReceiver && sender < firstReceiver + receiverCount;
      return self && to >= sender ? to + 1 : to;
    }
  }

  /** The scenario's VMs with each group's checkpoint size. */
  public static Topology topology(Scenario s) {
    return topology(s, -1);
  }

  /** The scenario's VMs, every checkpoint {@code checkpointBytes} long (-1: each group's own). */
  public static Topology topology(Scenario s, long checkpointBytes) {
    int n = s.vmCount();
    int[] k = new int[n];
    int[] host = new int[n];
    long[] bytes = new long[n];
    int v = 0;
    for (Scenario.Group g : s.groups()) {
      for (int i = 0; i < g.count(); i++, v++) {
        k[v] = g.k();
        host[v] = g.host() >= 0 ? g.host() : v % s.hosts();
        bytes[v] = checkpointBytes >= 0 ? checkpointBytes : g.checkpointBytes();
      }
    }
    return new Topology(k, host, bytes, s.hosts(), s.network().messageBytes());
  }

  /** The first VM number of each group, in the scenario's order. */
  public static int[] firstVmOfGroups(Scenario s) {
    int[] first = new int[s.groups().size()];
    int v = 0;
    for (int g = 0; g < first.length; g++) {
      first[g] = v;
      v += s.groups().get(g).count();
    }
    return first;
  }

  /**
   * Per VM, the flows it sends on, in the scenario's order. A flow G->H of rate r is what EACH
   * receiver of H gets from the whole group G, so each sender of G sends r·|H|/|G| on it, with or
   * without fan-out (which only narrows whom it sends to). Flows with no rate or no possible
   * receiver are left out. VMs of one group share one array.
   */
  public static SenderFlow[][] senderFlows(Scenario s) {
    int[] first = firstVmOfGroups(s);
    SenderFlow[][] out = new SenderFlow[s.vmCount()][];
    for (int g = 0; g < s.groups().size(); g++) {
      Scenario.Group from = s.groups().get(g);
      List<SenderFlow> flows = new ArrayList<>();
      for (int i = 0; i < s.traffic().size(); i++) {
        Scenario.Flow f = s.traffic().get(i);
        if (!f.from().equals(from.name()) || f.ratePerSecond() <= 0) {
          continue;
        }
        int h = groupIndex(s, f.to());
        Scenario.Group to = s.groups().get(h);
        if (to.count() - (g == h ? 1 : 0) <= 0) {
          continue;
        }
        // The reader refuses more peers than receivers; a scenario changed in code (a sweep
        // over the VM count) may shrink the group below them: then each sender has them all.
        int peers = Math.min(f.peers(), to.count() - (g == h ? 1 : 0));
        int[] table = f.fansOut() ? FanOut.peerTable(s.seed(), i, first[g], from.count(),
            first[h], to.count(), peers) : null;
        flows.add(new SenderFlow(f.ratePerSecond() * to.count() / from.count(), first[h],
            to.count(), first[g], peers, table));
      }
      SenderFlow[] shared = flows.toArray(new SenderFlow[0]);
      for (int v = first[g]; v < first[g] + from.count(); v++) {
        out[v] = shared;
      }
    }
    return out;
  }

  /** Takes the parts of {@link #peerRates(Scenario, RateSink)}: a sends to b at perSecond more. */
  public interface RateSink {
    void add(int a, int b, double perSecond);
  }

  /**
   * Messages per second VM a sends to VM b, each sender's flow spread evenly over its receivers
   * (its k peers under fan-out), as parts: a pair's rate is the sum of its parts in the order they
   * come, a ascending (never a VMs-squared matrix: the runtime's input at cloud sizes). The
   * runtime draws one Poisson process per peer from these; the simulator draws the same rates as
   * a flow, then a receiver ({@link #senderFlows}).
   */
  public static void peerRates(Scenario s, RateSink sink) {
    SenderFlow[][] flows = senderFlows(s);
    for (int a = 0; a < flows.length; a++) {
      for (SenderFlow f : flows[a]) {
        int peers = f.peersOf(a);
        double perPeer = f.ratePerSecond() / peers;
        for (int i = 0; i < peers; i++) {
          sink.add(a, f.receiver(a, i), perPeer);
        }
      }
    }
  }

  /** The guest program the scenario's workload names. */
  public static GuestFactory guests(Scenario s) {
    Scenario.Workload w = s.workload();
    return w.kind() == Scenario.Workload.Kind.BANK ? GuestFactory.bank(w.initialBalance())
        : GuestFactory.traffic();
  }

  private static int groupIndex(Scenario s, String name) {
    for (int i = 0; i < s.groups().size(); i++) {
      if (s.groups().get(i).name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no group " + name); // the reader checked flow names
  }
}
