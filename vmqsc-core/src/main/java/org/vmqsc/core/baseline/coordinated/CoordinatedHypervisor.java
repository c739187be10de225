package org.vmqsc.core.baseline.coordinated;

import java.util.ArrayList;
import java.util.HashMap;
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
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.Done;
import org.vmqsc.core.role.HostEnv;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.ToManager;
import org.vmqsc.core.role.VmLook;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.VmImage;
import org.vmqsc.core.util.IntMap;

/**
 * One host's part of coordinated checkpointing: its host role. It relays its VMs' messages
 * (stamping sequence number, round and incarnation), and for round x: on REQUEST it checkpoints
 * every VM and blocks their sends (the guests still run and receive; what they send waits in
 * order), logs the channel state of line x as it arrives, ACKs when its checkpoints are durable,
 * answers the manager's EXPECT with DRAINED once its channel state is durable, and on COMMIT (or
 * ABORT) releases the held sends. It tells the manager of its VMs' failures and due restarts, and
 * restores its VMs to the line in the manager's two recovery phases ({@link LineCall}). It shares
 * nothing with the manager: every word between them is a {@link CoordinatedMessage}. Pure: events
 * in; time only from the context's clock, for blocked-time accounting.
 */
final class CoordinatedHypervisor implements HostRole {
  private final int host;
  private final ProtocolContext ctx;
  private final Topology topo;
  private final ToManager manager;
  private final IntMap<VmState> slots = new IntMap<>(); // this host's VMs only
  private final int[] local;
  /** The executions so far, as the manager's last recovery call told them. */
  private Incarnations incarnations = Incarnations.FIRST;
  private TentativeRound round;
  /** Every round numbered up to this one has ended here (or was aborted before it came). */
  private int roundsThrough;
  /** The committed line this host last heard of. */
  private int knownLine;
  /** Between the recovery's two phases: each VM's channel state to re-deliver, else null. */
  private Map<Integer, List<Message>> toRedeliver;
  /** What arrived between the two phases, delivered after the channel state. */
  private final List<Message> heldArrivals = new ArrayList<>();
  private long blockedVmMillis;

  CoordinatedHypervisor(HostEnv env) {
    this.host = env.host();
    this.ctx = env.ctx();
    this.topo = ctx.topology();
    this.manager = env.manager();
    this.local = topo.vmsOn(host);
  }

  /** Boot images are C(i,0), on stable storage before anything runs: line 0 is committed. */
  @Override
  public void boot(IntFunction<Guest> guests) {
    for (int v : local) {
      VmImage image = new VmImage(guests.apply(v).copy(), topo.vms(), ChannelSeqs.EMPTY,
          ChannelSeqs.EMPTY);
      ctx.storage().preload(new CheckpointItem(v, 0, 0, 0, image, topo.checkpointBytes(v)));
      slots.put(v, new VmState(v, image, 0, 0));
      ctx.listener().crossed(v, -1, 0, slots.get(v).guest);
    }
  }

  // ---- the round ----------------------------------------------------------------------------

  /** The manager drives the rounds; the host's own ticks play no part. */
  @Override
  public void onTick(int x) {}

  @Override
  public void onControl(Control message) {
    if (message instanceof CoordinatedMessage.Request r) {
      request(r.x());
    } else if (message instanceof CoordinatedMessage.Expect e) {
      expect(e.x(), e.counts());
    } else if (message instanceof CoordinatedMessage.Commit c) {
      commit(c.x());
    } else if (message instanceof CoordinatedMessage.Abort a) {
      abort(a.x());
    } else {
      throw new IllegalArgumentException("not a message for a coordinated host: " + message);
    }
  }

  /** REQUEST for round x: a tentative checkpoint of every VM, staged; sends blocked from now. */
  private void request(int x) {
    if (x <= roundsThrough) {
      return; // stale: aborted before it arrived
    }
    if (!allUp()) {
      return; // sent before a VM here failed: the manager, told so, aborts it
    }
    TentativeRound t = new TentativeRound(x, ctx.clock().getAsLong());
    round = t;
    for (int v : local) {
      VmState s = slots.get(v);
      VmImage image = s.image(topo.vms());
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
  private void expect(int x, Map<Integer, List<Integer>> counts) {
    TentativeRound t = round;
    if (t != null && t.x == x) {
      t.expect(counts);
      progress(t);
    }
  }

  /** COMMIT of round x: line x stands; older checkpoints go; held sends leave, in order. */
  private void commit(int x) {
    TentativeRound t = round;
    if (t == null || t.x != x) {
      return;
    }
    endRound(t);
    knownLine = x;
    for (int v : local) {
      ctx.storage().reclaim(v, x);
    }
    release();
  }

  /** A failure aborted round x: unblock; the rollback that follows undoes what it did. */
  private void abort(int x) {
    TentativeRound t = round;
    if (t != null && t.x == x) {
      endRound(t);
      release();
    }
    roundsThrough = Math.max(roundsThrough, x);
  }

  private void endRound(TentativeRound t) {
    round = null;
    roundsThrough = Math.max(roundsThrough, t.x);
    blockedVmMillis += (ctx.clock().getAsLong() - t.requestedAt) * local.length;
  }

  private void release() {
    for (int v : local) {
      VmState s = slots.get(v);
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
      manager.send(t.ack());
    } else if (t.acked && t.expecting() && !t.drained && t.channelStateComplete()) {
      t.drained = true;
      manager.send(new CoordinatedMessage.Drained(t.x));
    }
  }

  // ---- traffic ------------------------------------------------------------------------------

  /** A guest timer fired: the guest reacts; a send leaves now, or at commit if blocked. */
  @Override
  public void onTimer(int vm, TimerFire fire) {
    VmState s = slots.get(vm);
    if (s == null || !s.up) {
      return;
    }
    Send send = s.guest.fire(fire);
    if (send == null) {
      return;
    }
    Message m = new Message(vm, send.to(), s.sent.increment(send.to()), s.round, s.incarnation,
        send.payload(), send.amount());
    if (round != null || toRedeliver != null) {
      // blocked: sent after the round-x checkpoint, so after commit; or between recovery phases
      s.queued.addLast(m);
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
    if (toRedeliver != null) {
      heldArrivals.add(m); // after the channel state it may follow
      return;
    }
    if (ctx.rules().orphanFilter() && !incarnations.valid(m)) {
      ctx.listener().orphanDropped(m.to, m);
      return;
    }
    VmState s = slots.get(m.to);
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

  /** The VM is down; the manager hears of it, and aborts an open round. */
  @Override
  public void failVm(int vm) {
    VmState s = slots.get(vm);
    s.up = false;
    s.guest = null;
    s.queued.clear();
    manager.send(new CoordinatedMessage.VmFailed(vm, s.incarnation));
  }

  /** Its restart is due: not a local repair but a global rollback, which the manager runs. */
  @Override
  public void restoreVm(int vm) {
    manager.send(new CoordinatedMessage.RestartDue(vm, slots.get(vm).incarnation));
  }

  @Override
  public Control onCall(Control request) {
    if (request instanceof LineCall.RestoreLine r) {
      restoreLine(r);
    } else if (request instanceof LineCall.Redeliver) {
      redeliver();
    } else {
      throw new IllegalArgumentException("not a coordinated recovery phase: " + request);
    }
    return Done.DONE;
  }

  /**
   * Recovery, first phase: every VM of this host stands at the line, as its durable checkpoint
   * says (P5), in the new execution; what a later execution wrote is discarded. An open round is
   * over (its ABORT may still be on its way), and so is every round the manager had numbered.
   */
  private void restoreLine(LineCall.RestoreLine r) {
    if (round != null) {
      endRound(round);
    }
    roundsThrough = Math.max(roundsThrough, r.roundsThrough());
    incarnations = new Incarnations(r.startLines());
    knownLine = r.line();
    toRedeliver = new HashMap<>();
    for (int v : local) {
      ctx.storage().discardFuture(v, r.incarnation(), r.line());
      LineRestore.Entry e = LineRestore.read(ctx.storage(), v, r.line());
      VmState s = new VmState(v, e.image(), r.line(), r.incarnation());
      slots.put(v, s);
      toRedeliver.put(v, e.channelState());
      ctx.listener().restoredToLine(v, r.line(), s.guest);
    }
  }

  /** Second phase: the line's channel state, re-delivered as first received; then the rest. */
  private void redeliver() {
    Map<Integer, List<Message>> channelState = toRedeliver;
    toRedeliver = null;
    for (int v : local) {
      channelState.get(v).forEach(this::onArrival);
    }
    List<Message> held = List.copyOf(heldArrivals);
    heldArrivals.clear();
    held.forEach(this::onArrival);
    release();
  }

  // ---- views --------------------------------------------------------------------------------

  @Override
  public VmLook look(int vm) {
    VmState s = slots.get(vm);
    return s == null ? null : new VmLook(s.up, s.round, s.incarnation, knownLine, s.guest);
  }

  private boolean allUp() {
    for (int v : local) {
      if (!isUp(v)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean isUp(int vm) {
    return slots.get(vm) != null && slots.get(vm).up;
  }

  @Override
  public Guest guest(int vm) {
    return isUp(vm) ? slots.get(vm).guest : null;
  }

  @Override
  public int knownLine() {
    return knownLine;
  }

  /** VM-milliseconds this host's VMs were blocked, counting an open round up to now. */
  @Override
  public long blockedVmMillis() {
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
      n += slots.get(v) == null ? 0 : slots.get(v).queued.size();
    }
    return n;
  }
}
