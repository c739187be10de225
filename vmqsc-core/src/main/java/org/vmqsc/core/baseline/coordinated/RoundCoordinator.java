package org.vmqsc.core.baseline.coordinated;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.role.ToHosts;
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
 * It holds no host: it sends {@link CoordinatedMessage}s and takes the hosts' replies, which may
 * arrive late; one naming a round that is no longer open is ignored.
 */
final class RoundCoordinator {
  private final Topology topo;
  private final ProtocolListener listener;
  private final ToHosts hosts;
  private final IntPredicate live;
  private int committedLine;
  /** The newest round started (a tick number: never reused). */
  private int lastRound;
  private Round open;

  /** What the manager knows of the open round. */
  private static final class Round {
    final int x;
    final boolean[] acked;
    int acks;
    final Map<Integer, List<Integer>> sentBefore = new HashMap<>();
    final Map<Integer, List<Integer>> settled = new HashMap<>();
    final Set<Integer> draining = new TreeSet<>();

    Round(int x, int hosts) {
      this.x = x;
      this.acked = new boolean[hosts];
    }
  }

  /** {@code live} says which hosts are up, as the manager knows it. */
  RoundCoordinator(Topology topo, ProtocolListener listener, ToHosts hosts, IntPredicate live) {
    this.topo = topo;
    this.listener = listener;
    this.hosts = hosts;
    this.live = live;
  }

  int committedLine() {
    return committedLine;
  }

  /** The newest round started, open or over. */
  int lastRound() {
    return lastRound;
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
    lastRound = x;
    for (int h = 0; h < topo.hosts(); h++) {
      listener.controlMessage("request");
      hosts.send(h, new CoordinatedMessage.Request(x));
    }
  }

  /** A host's ACK: its round-x checkpoints are durable. */
  void onAck(int host, CoordinatedMessage.Ack ack) {
    listener.controlMessage("ack");
    Round r = open;
    if (r == null || r.x != ack.x() || r.acked[host]) {
      return; // from an aborted round
    }
    r.acked[host] = true;
    r.acks++;
    r.sentBefore.putAll(ack.sentBefore());
    r.settled.putAll(ack.settled());
    if (r.acks < topo.hosts()) {
      return;
    }
    Map<Integer, Map<Integer, List<Integer>>> lacking = lackingChannelState(r);
    if (lacking.isEmpty()) {
      commit(r);
      return;
    }
    r.draining.addAll(lacking.keySet());
    for (Map.Entry<Integer, Map<Integer, List<Integer>>> e : lacking.entrySet()) {
      listener.controlMessage("expect");
      hosts.send(e.getKey(), new CoordinatedMessage.Expect(r.x, e.getValue()));
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
  private Map<Integer, Map<Integer, List<Integer>>> lackingChannelState(Round r) {
    Map<Integer, Map<Integer, List<Integer>>> lacking = new HashMap<>();
    for (int rv = 0; rv < topo.vms(); rv++) {
      Integer[] want = new Integer[topo.vms()];
      boolean lacks = false;
      List<Integer> settled = r.settled.get(rv);
      for (int sv = 0; sv < topo.vms(); sv++) {
        want[sv] = r.sentBefore.get(sv).get(rv);
        int have = settled.get(sv);
        if (have > want[sv]) {
          // Blocking makes this impossible: nothing sent after a checkpoint leaves before commit.
          throw new IllegalStateException("vm " + rv + " holds " + have + " messages from vm "
              + sv + " in round " + r.x + " but only " + want[sv] + " were sent before it");
        }
        lacks |= have < want[sv];
      }
      if (lacks) {
        lacking.computeIfAbsent(topo.hostOf(rv), h -> new HashMap<>()).put(rv, List.of(want));
      }
    }
    return lacking;
  }

  private void commit(Round r) {
    committedLine = r.x;
    open = null;
    for (int h = 0; h < topo.hosts(); h++) {
      listener.controlMessage("commit");
      hosts.send(h, new CoordinatedMessage.Commit(r.x));
    }
    listener.lines(committedLine, committedLine);
  }

  /** A failure: the open round (if any) is given up; live hosts unblock. */
  void abort() {
    if (open == null) {
      return;
    }
    int x = open.x;
    open = null;
    for (int h = 0; h < topo.hosts(); h++) {
      if (live.test(h)) {
        listener.controlMessage("abort");
        hosts.send(h, new CoordinatedMessage.Abort(x));
      }
    }
  }
}
