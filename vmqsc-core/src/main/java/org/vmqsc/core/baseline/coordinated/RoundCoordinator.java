package org.vmqsc.core.baseline.coordinated;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.spi.ProtocolListener;

/**
 * The manager's side of the blocking two-phase round (Koo–Toueg style, SPEC §6 baseline
 * "coordinated"). Round x: REQUEST to every host; each host ACKs once its round-x checkpoints are
 * durable, with what its VMs had sent before them and what they hold of their incoming channels;
 * if some host still lacks channel state of line x (messages sent before line x and still in
 * flight at its checkpoints), the manager sends it an EXPECT with the counts it must reach and
 * waits for its DRAINED; then it COMMITs. Line x is the committed line from that moment.
 *
 * <p>Only one round is open at a time, and a round starts only when every host and every VM is
 * up: a round that cannot complete would only block the VMs. Any failure aborts the open round.
 */
final class RoundCoordinator {
  private final Topology topo;
  private final ProtocolListener listener;
  private final IntFunction<CoordinatedHypervisor> hosts;
  private int committedLine;
  private Round open;

  /** What the manager knows of the open round. */
  private static final class Round {
    final int x;
    final boolean[] acked;
    int acks;
    final Map<Integer, int[]> sentBefore = new HashMap<>();
    final Map<Integer, int[]> settled = new HashMap<>();
    final Set<Integer> draining = new TreeSet<>();

    Round(int x, int hosts) {
      this.x = x;
      this.acked = new boolean[hosts];
    }
  }

  /** {@code hosts} gives each host's live hypervisor, or null while the host is down. */
  RoundCoordinator(Topology topo, ProtocolListener listener,
      IntFunction<CoordinatedHypervisor> hosts) {
    this.topo = topo;
    this.listener = listener;
    this.hosts = hosts;
  }

  int committedLine() {
    return committedLine;
  }

  /** The open round, or -1. */
  int openRound() {
    return open == null ? -1 : open.x;
  }

  /** The manager's clock reached x·T0: start round x, unless one is open or something is down. */
  void onTick(int x, boolean everythingUp) {
    if (open != null || !everythingUp || x <= committedLine) {
      return;
    }
    open = new Round(x, topo.hosts());
    for (int h = 0; h < topo.hosts(); h++) {
      listener.controlMessage("request");
      hosts.apply(h).request(x);
    }
  }

  /** A host's ACK: its round-x checkpoints are durable. */
  void onAck(int host, int x, Map<Integer, int[]> sentBefore, Map<Integer, int[]> settled) {
    listener.controlMessage("ack");
    Round r = open;
    if (r == null || r.x != x || r.acked[host]) {
      return; // from an aborted round
    }
    r.acked[host] = true;
    r.acks++;
    r.sentBefore.putAll(sentBefore);
    r.settled.putAll(settled);
    if (r.acks < topo.hosts()) {
      return;
    }
    Map<Integer, Map<Integer, int[]>> lacking = lackingChannelState(r);
    if (lacking.isEmpty()) {
      commit(r);
      return;
    }
    r.draining.addAll(lacking.keySet());
    for (Map.Entry<Integer, Map<Integer, int[]>> e : lacking.entrySet()) {
      listener.controlMessage("expect");
      hosts.apply(e.getKey()).expect(x, e.getValue());
    }
  }

  /** A host that had channel state of line x outstanding now holds all of it durably. */
  void onDrained(int host, int x) {
    listener.controlMessage("drained");
    Round r = open;
    if (r == null || r.x != x || !r.draining.remove(host)) {
      return;
    }
    if (r.draining.isEmpty()) {
      commit(r);
    }
  }

  /**
   * Per host, the expected counts of its receivers, for the hosts where some channel s→r has
   * messages sent before s's round-x checkpoint that r holds neither in its checkpoint nor in a
   * durable channel-state record yet.
   */
  private Map<Integer, Map<Integer, int[]>> lackingChannelState(Round r) {
    Map<Integer, Map<Integer, int[]>> lacking = new HashMap<>();
    for (int rv = 0; rv < topo.vms(); rv++) {
      int[] want = new int[topo.vms()];
      boolean lacks = false;
      for (int sv = 0; sv < topo.vms(); sv++) {
        want[sv] = r.sentBefore.get(sv)[rv];
        int have = r.settled.get(rv)[sv];
        if (have > want[sv]) {
          // Blocking makes this impossible: nothing sent after a checkpoint leaves before commit.
          throw new IllegalStateException("vm " + rv + " holds " + have + " messages from vm "
              + sv + " in round " + r.x + " but only " + want[sv] + " were sent before it");
        }
        lacks |= have < want[sv];
      }
      if (lacks) {
        lacking.computeIfAbsent(topo.hostOf(rv), h -> new HashMap<>()).put(rv, want);
      }
    }
    return lacking;
  }

  private void commit(Round r) {
    committedLine = r.x;
    open = null;
    for (int h = 0; h < topo.hosts(); h++) {
      listener.controlMessage("commit");
      hosts.apply(h).commit(r.x);
    }
    listener.lines(committedLine, committedLine);
  }

  /** A failure: the open round (if any) is given up; live hosts unblock. */
  void abort() {
    if (open == null) {
      return;
    }
    open = null;
    for (int h = 0; h < topo.hosts(); h++) {
      CoordinatedHypervisor hv = hosts.apply(h);
      if (hv != null) {
        listener.controlMessage("abort");
        hv.abort();
      }
    }
  }
}
