package org.vmqsc.core.baseline.coordinated;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.vmqsc.core.channel.ChannelInbox.Receipt;
import org.vmqsc.core.channel.ChannelSeqs;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Send;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.VmImage;

/**
 * One host's part of coordinated checkpointing. It relays its VMs' messages (stamping sequence
 * number, round and incarnation), and for round x: on REQUEST it checkpoints every VM and blocks
 * their sends (the guests still run and receive; what they send waits in order), logs the channel
 * state of line x as it arrives, ACKs when its checkpoints are durable, answers the manager's
 * EXPECT with DRAINED once its channel state is durable, and on COMMIT (or abort) releases the
 * held sends. Pure: events in; time only from the context's clock, for blocked-time accounting.
 */
final class CoordinatedHypervisor implements org.vmqsc.core.spi.ProtocolHost {
  private final int host;
  private final ProtocolContext ctx;
  private final Topology topo;
  private final Incarnations incarnations;
  private final RoundCoordinator manager;
  private final VmState[] slots;
  private final int[] local;
  private TentativeRound round;
  private long blockedVmMillis;

  CoordinatedHypervisor(int host, ProtocolContext ctx, Incarnations incarnations,
      RoundCoordinator manager) {
    this.host = host;
    this.ctx = ctx;
    this.topo = ctx.topology();
    this.incarnations = incarnations;
    this.manager = manager;
    this.slots = new VmState[topo.vms()];
    this.local = topo.vmsOn(host);
  }

  /** Boot images are C(i,0), on stable storage before anything runs: line 0 is committed. */
  void boot(IntFunction<Guest> guests) {
    for (int v : local) {
      VmImage image = new VmImage(guests.apply(v).copy(), new int[topo.vms()],
          ChannelSeqs.EMPTY);
      ctx.storage().preload(new CheckpointItem(v, 0, 0, 0, image, topo.checkpointBytes(v)));
      slots[v] = new VmState(v, image, 0, 0);
      ctx.listener().crossed(v, -1, 0, slots[v].guest);
    }
  }

  // ---- the round ----------------------------------------------------------------------------

  /** REQUEST for round x: a tentative checkpoint of every VM, staged; sends blocked from now. */
  void request(int x) {
    TentativeRound t = new TentativeRound(x, ctx.clock().getAsLong());
    round = t;
    for (int v : local) {
      VmState s = slots[v];
      VmImage image = s.image();
      long bytes = topo.checkpointBytes(v);
      long ticket = ctx.storage().stage(host,
          new CheckpointItem(v, x, x, s.incarnation, image, bytes));
      t.checkpointed(v, image.sendSeq(), image.recvSeq(), ticket);
      ctx.listener().checkpoint(v, x, x, false, bytes);
      ctx.listener().crossed(v, s.round, x, s.guest);
      s.round = x;
    }
    progress(t);
  }

  /** The manager's EXPECT: the counts of line x's channel state this host must hold durably. */
  void expect(int x, Map<Integer, int[]> counts) {
    TentativeRound t = round;
    if (t != null && t.x == x) {
      t.expect(counts);
      progress(t);
    }
  }

  /** COMMIT of round x: line x stands; older checkpoints go; held sends leave, in order. */
  void commit(int x) {
    TentativeRound t = round;
    if (t == null || t.x != x) {
      return;
    }
    endRound(t);
    for (int v : local) {
      ctx.storage().reclaim(v, x);
    }
    release();
  }

  /** A failure aborted the open round: unblock; the rollback that follows undoes what it did. */
  void abort() {
    TentativeRound t = round;
    if (t != null) {
      endRound(t);
      release();
    }
  }

  private void endRound(TentativeRound t) {
    round = null;
    blockedVmMillis += (ctx.clock().getAsLong() - t.requestedAt) * local.length;
  }

  private void release() {
    for (int v : local) {
      VmState s = slots[v];
      while (s != null && !s.queued.isEmpty()) {
        Message m = s.queued.pollFirst();
        if (s.up) {
          transmit(m);
        }
      }
    }
  }

  /** Every write of this host up to {@code ticket} is durable. */
  @Override
  public void onDurable(long ticket) {
    TentativeRound t = round;
    if (t != null) {
      t.durableThrough(ticket);
      progress(t);
    }
  }

  /** ACK once the checkpoints are durable; DRAINED once the expected channel state is. Last, as
   * either may make the manager commit, which re-enters this hypervisor. */
  private void progress(TentativeRound t) {
    if (!t.acked && t.checkpointsDurable()) {
      t.acked = true;
      manager.onAck(host, t.x, t.sentBefore, t.settledSnapshot());
    } else if (t.acked && t.expecting() && !t.drained && t.channelStateComplete()) {
      t.drained = true;
      manager.onDrained(host, t.x);
    }
  }

  // ---- traffic ------------------------------------------------------------------------------

  /** A guest timer fired: the guest reacts; a send leaves now, or at commit if blocked. */
  @Override
  public void onTimer(int vm, TimerFire fire) {
    VmState s = slots[vm];
    if (s == null || !s.up) {
      return;
    }
    Send send = s.guest.fire(fire);
    if (send == null) {
      return;
    }
    Message m = new Message(vm, send.to(), ++s.sendSeq[send.to()], s.round, s.incarnation,
        send.payload(), send.amount());
    if (round != null) {
      s.queued.addLast(m); // blocked: sent after the round-x checkpoint, so after commit
    } else {
      transmit(m);
    }
  }

  private void transmit(Message m) {
    ctx.listener().sent(m.from, m);
    int dest = topo.hostOf(m.to);
    if (dest == host) {
      onArrival(m);
    } else {
      ctx.transport().send(dest, m);
    }
  }

  /** A message reached this host: orphans and duplicates are dropped, the rest delivered. */
  @Override
  public void onArrival(Message m) {
    if (ctx.rules().orphanFilter() && !incarnations.valid(m)) {
      ctx.listener().orphanDropped(m.to, m);
      return;
    }
    VmState s = slots[m.to];
    if (s == null || !s.up) {
      return; // a VM is down only until the global rollback, which undoes this message anyway
    }
    int expected = s.inbox.lastDelivered(m.from) + 1;
    Receipt r = s.inbox.offer(m, ctx.rules().duplicateSuppression(), next -> deliver(s, next));
    if (r == Receipt.DUPLICATE) {
      ctx.listener().duplicateDropped(m.to, m);
    } else if (r == Receipt.HELD) {
      // Channels are FIFO and a rollback restores both ends: a gap means a lost message.
      throw new IllegalStateException("vm " + m.to + " expected #" + expected + " from vm " + m.from
          + " but got " + m);
    }
  }

  private void deliver(VmState s, Message m) {
    TentativeRound t = round;
    boolean channelState = t != null && m.senderIndex < t.x; // sent before line x, received after
    if (channelState) {
      logChannelState(s, m, t);
    }
    s.nextPosition++;
    s.inbox.delivered(m);
    s.guest.receive(m);
    ctx.listener().delivered(s.vm, m, s.round, false);
    if (channelState && !ctx.rules().r8BackwardLog()) {
      progress(t); // unlogged, it settled at once; only now, as a commit re-enters this host
    }
  }

  /** Channel state of line x goes to stable storage at receipt; commit waits till it is durable. */
  private void logChannelState(VmState s, Message m, TentativeRound t) {
    if (!ctx.rules().r8BackwardLog()) {
      t.channelUnlogged(s.vm, m.from, m.seq); // the deliberately broken variant
      return;
    }
    LogEntry e = new LogEntry(m, t.x, false, s.nextPosition);
    LogItem item = new LogItem(s.vm, LogItem.Kind.CHANNEL, t.x, s.incarnation, List.of(e), 1,
        topo.messageBytes());
    t.channelLogged(s.vm, m.from, m.seq, ctx.storage().stage(host, item));
    ctx.listener().stableLogged(item);
  }

  // ---- failures -----------------------------------------------------------------------------

  @Override
  public void failVm(int vm) {
    VmState s = slots[vm];
    s.up = false;
    s.guest = null;
    s.queued.clear();
  }

  /** Rollback, first phase: the VM stands at line {@code line}, as its durable checkpoint says. */
  void restoreToLine(int vm, VmImage image, int line, int incarnation) {
    if (round != null) {
      throw new IllegalStateException("host " + host + " rolls back inside round " + round.x);
    }
    VmState s = new VmState(vm, image, line, incarnation);
    slots[vm] = s;
    ctx.listener().restoredToLine(vm, line, s.guest);
  }

  /** Rollback, second phase: the channel state of the line, re-delivered as first received. */
  void redeliver(List<Message> channelState) {
    for (Message m : channelState) {
      onArrival(m);
    }
  }

  // ---- views --------------------------------------------------------------------------------

  @Override
  public boolean isUp(int vm) {
    return slots[vm] != null && slots[vm].up;
  }

  boolean allUp() {
    for (int v : local) {
      if (!isUp(v)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public Guest guest(int vm) {
    return isUp(vm) ? slots[vm].guest : null;
  }

  /** VM-milliseconds this host's VMs were blocked, counting an open round up to now. */
  long blockedVmMillis() {
    TentativeRound t = round;
    long open = t == null ? 0 : (ctx.clock().getAsLong() - t.requestedAt) * local.length;
    return blockedVmMillis + open;
  }

  /** The round this host has open (tentative checkpoints taken, sends blocked), or -1. */
  int openRound() {
    return round == null ? -1 : round.x;
  }

  /** Sends held back by the open round, for tests and traces. */
  int queuedSends() {
    int n = 0;
    for (int v : local) {
      n += slots[v] == null ? 0 : slots[v].queued.size();
    }
    return n;
  }
}
