package org.vmqsc.core.baseline.pessimistic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.vmqsc.core.channel.ChannelInbox.Receipt;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Send;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Determinant;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.Done;
import org.vmqsc.core.role.HostEnv;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.ToManager;
import org.vmqsc.core.role.VmLook;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableStorage;
import org.vmqsc.core.spi.Transport;
import org.vmqsc.core.spi.VmImage;
import org.vmqsc.core.util.IntMap;

/**
 * The hypervisor of one host under receiver-based pessimistic logging: it stages every receipt and
 * timer determinant of its VMs for stable storage and hands it to the guest only once durable, in
 * log order; takes each VM's checkpoints at the VM's own period; keeps volatile copies of what its
 * VMs sent until the receivers acknowledge having logged them; and rebuilds its VMs. Pure: events
 * come in, time only from the clock. Its acknowledgements leave as {@link LoggingControl.Logged}
 * for the manager to forward; the senders' come back the same way ({@link #onControl}).
 */
public final class LoggingHost implements HostRole {

  /** A write this host staged, in ticket order: a determinant's log record or a checkpoint. */
  private record Write(long ticket, VmState vm, Message message, TakenCheckpoint checkpoint) {}

  private final int host;
  private final Topology topo;
  private final Rules rules;
  private final Transport transport;
  private final StableStorage storage;
  private final ProtocolListener listener;
  private final LongSupplier clock;
  private final ToManager manager;
  private final DeliveryWaits waits = new DeliveryWaits();
  private final Lines lines;
  private final int[] local;
  private final IntMap<VmState> vms = new IntMap<>(); // this host's VMs only
  private final AckBatch[] acks;
  private final ArrayDeque<Write> writes = new ArrayDeque<>();
  private long durableTicket;
  /** The host's clock when it came back empty after a failure (its VMs restart there). */
  private int resumedAt;
  /** Per VM rebuilt after a host failure: the sends its replay regenerated, until phase 2. */
  private final Map<Integer, List<Message>> regenerated = new HashMap<>();

  LoggingHost(HostEnv env) {
    this.host = env.host();
    this.topo = env.ctx().topology();
    this.rules = env.ctx().rules() == null ? Rules.ALL : env.ctx().rules();
    this.transport = env.ctx().transport();
    this.storage = env.ctx().storage();
    this.listener = env.ctx().listener();
    this.clock = env.ctx().clock();
    this.manager = env.manager();
    this.lines = new Lines(topo.vms());
    this.local = topo.vmsOn(host);
    this.acks = new AckBatch[topo.hosts()];
    for (int h = 0; h < acks.length; h++) {
      acks[h] = new AckBatch();
    }
  }

  /** Boots each VM; its boot image is on stable storage from the start (checkpoint 0). */
  @Override
  public void boot(IntFunction<Guest> guests) {
    for (int v : local) {
      VmState s = newVm(v);
      s.guest = guests.apply(v);
      storage.preload(new CheckpointItem(v, 0, 0, 0, s.image(topo.vms()), topo.checkpointBytes(v)));
      listener.crossed(v, -1, 0, s.guest);
      lines.taken(v, 0);
      lines.safe(v, 0);
    }
    reportLines();
  }

  /** Tells the manager the lines that moved (information only; see {@link Lines}). */
  private void reportLines() {
    LoggingControl.LineStatus changes = lines.changes();
    if (changes != null) {
      manager.send(changes);
    }
  }

  @Override
  public void resumeAt(int index) {
    resumedAt = index;
  }

  private VmState newVm(int v) {
    VmState s = new VmState(v, rules.r7SenderCopies());
    vms.put(v, s);
    return s;
  }

  // ---- ticks and checkpoints -----------------------------------------------------------------

  /** The host's clock reached x·T0: each VM passes tick x in log order (a marker). */
  @Override
  public void onTick(int x) {
    for (int v : local) {
      VmState s = vms.get(v);
      if (x > s.stagingIndex) {
        s.stagingIndex = x;
        s.pipeline.addLast(Pending.marker(x, clock.getAsLong()));
        drain(s);
      }
    }
    flushAcks();
    reportLines();
  }

  /** The VM's input reached tick x: a basic checkpoint if x is on its own period (P4). */
  private void passTick(VmState s, int x) {
    int from = s.index;
    s.index = x;
    if (topo.due(s.vm, x)) {
      takeCheckpoint(s, x);
    }
    listener.crossed(s.vm, from, x, s.guest);
  }

  /** Independent checkpoint, staged for the lazy writer; its index is its tick. */
  private void takeCheckpoint(VmState s, int x) {
    VmImage image = s.image(topo.vms());
    long bytes = topo.checkpointBytes(s.vm);
    long ticket = storage.stage(host, new CheckpointItem(s.vm, x, x, 0, image, bytes));
    TakenCheckpoint cp = new TakenCheckpoint(x, ticket, image.sent());
    s.unsafe.addLast(cp);
    writes.addLast(new Write(ticket, s, null, cp));
    lines.taken(s.vm, x);
    listener.checkpoint(s.vm, x, x, false, bytes);
  }

  /**
   * Promotes the VM's oldest checkpoints that became safe (durable, and everything sent before
   * them logged by the receivers) and reclaims the stable state below the newest of them.
   */
  private void promoteSafe(VmState s) {
    while (!s.unsafe.isEmpty()) {
      TakenCheckpoint cp = s.unsafe.peekFirst();
      if (!cp.durable || !s.copies.ackedThrough(cp.sentThrough)) {
        return;
      }
      s.unsafe.pollFirst();
      storage.reclaim(s.vm, cp.index);
      lines.safe(s.vm, cp.index);
    }
  }

  // ---- determinants: stage, wait for durability, deliver --------------------------------------

  /** A guest timer fired: a determinant like a receipt, so it is logged before it takes effect. */
  @Override
  public void onTimer(int vm, TimerFire fire) {
    VmState s = vms.get(vm);
    if (s != null && s.up) {
      stage(s, fire, 0);
      reportLines();
    }
  }

  /** A message reached this hypervisor, from one of its own VMs or over the network. */
  @Override
  public void onArrival(Message m) {
    VmState r = vms.get(m.to);
    if (r == null) {
      throw new IllegalArgumentException("vm " + m.to + " does not run on host " + host);
    }
    Receipt receipt = r.inbox.offer(m, rules.duplicateSuppression(), next -> accept(r, next));
    if (receipt == Receipt.DUPLICATE) {
      listener.duplicateDropped(r.vm, m);
      int logged = r.logged.get(m.from);
      if (m.seq <= logged) {
        acknowledge(m.from, m.to, logged); // a re-sent copy: let the sender drop it
      }
    }
    reportLines();
  }

  /** In order and new: its receipt goes to the log (the inbox counts it from now on). */
  private void accept(VmState r, Message m) {
    r.inbox.delivered(m);
    stage(r, m, 1);
  }

  /** Writes one determinant to the VM's stable log and queues it behind the VM's earlier input. */
  private void stage(VmState s, Determinant d, int messages) {
    LogEntry e = new LogEntry(d, s.stagingIndex, false, s.nextPosition++);
    LogItem item = new LogItem(s.vm, LogItem.Kind.RECEIPT, s.stagingIndex, 0, List.of(e),
        messages, d.logBytes(topo.messageBytes()));
    long ticket = storage.stage(host, item);
    listener.stableLogged(item);
    long now = clock.getAsLong();
    s.pipeline.addLast(Pending.determinant(e, ticket, now));
    writes.addLast(new Write(ticket, s, e.message(), null));
    if (s.unlogged++ == 0) {
      s.heldSince = now;
    }
    if (!waitForLog()) {
      drain(s); // broken on purpose: delivered before its write is durable
    }
  }

  /** Rules.r6SelectiveLog is read as "log before delivery"; off only in the broken variant. */
  private boolean waitForLog() {
    return rules.r6SelectiveLog();
  }

  /** Every write of this host up to {@code ticket} is durable (writes complete in order). */
  @Override
  public void onDurable(long ticket) {
    durableTicket = Math.max(durableTicket, ticket);
    // Only the VMs whose writes just completed can move: visiting every VM of the host on each
    // completion made this loop the hot spot of a 1000-VM run.
    java.util.Set<VmState> touched = new java.util.LinkedHashSet<>();
    while (!writes.isEmpty() && writes.peekFirst().ticket() <= ticket) {
      Write w = writes.pollFirst();
      if (w.checkpoint() != null) {
        w.checkpoint().durable = true;
      } else {
        logged(w.vm(), w.message());
      }
      touched.add(w.vm());
    }
    for (VmState v : touched) {
      drain(v);
      promoteSafe(v);
    }
    reportLines();
  }

  private void logged(VmState r, Message m) {
    if (--r.unlogged == 0) {
      waits.blocked(clock.getAsLong() - r.heldSince);
    }
    if (m != null) {
      r.logged.raise(m.from, m.seq);
      acknowledge(m.from, m.to, r.logged.get(m.from));
    }
  }

  /** Hands the VM's input to the guest in log order, each determinant once durable. */
  private void drain(VmState s) {
    while (s.up && !s.pipeline.isEmpty()) {
      Pending p = s.pipeline.peekFirst();
      if (!p.isMarker() && p.ticket > durableTicket && waitForLog()) {
        return;
      }
      s.pipeline.pollFirst();
      if (p.isMarker()) {
        passTick(s, p.tick);
      } else {
        consume(s, p);
      }
    }
  }

  private void consume(VmState s, Pending p) {
    s.consumed = p.entry.position + 1;
    long wait = clock.getAsLong() - p.stagedAt;
    if (p.entry.determinant instanceof Message m) {
      s.received.raise(m.from, m.seq);
      s.guest.receive(m);
      waits.message(wait);
      listener.delivered(s.vm, m, s.index, false);
    } else {
      waits.timer(wait);
      Send send = s.guest.fire((TimerFire) p.entry.determinant);
      if (send != null) {
        send(s, send);
      }
    }
  }

  /** Stamps a guest's send, keeps a volatile copy until it is logged, and relays it. */
  private void send(VmState s, Send send) {
    int seq = s.sent.increment(send.to());
    Message m = new Message(s.vm, send.to(), seq, s.index, 0, send.payload(), send.amount());
    listener.sent(s.vm, m);
    s.copies.keep(m);
    route(m);
  }

  private void route(Message m) {
    int dest = topo.hostOf(m.to);
    if (dest == host) {
      onArrival(m);
    } else {
      transport.send(dest, m);
    }
  }

  // ---- acknowledgements ----------------------------------------------------------------------

  private void acknowledge(int from, int to, int seq) {
    int senderHost = topo.hostOf(from);
    if (senderHost == host) {
      VmState s = vms.get(from);
      s.copies.ack(to, seq); // same host: no message needed
      promoteSafe(s);
    } else {
      acks[senderHost].add(from, to, seq);
    }
  }

  /** One control message a tick per sending host with news, by way of the manager. */
  private void flushAcks() {
    for (int h = 0; h < acks.length; h++) {
      if (!acks[h].isEmpty()) {
        List<Ack> upTo = new ArrayList<>();
        acks[h].take().forEach((c, seq) ->
            upTo.add(new Ack(AckBatch.from(c), AckBatch.to(c), 0, seq)));
        manager.send(new LoggingControl.Logged(h, upTo));
      }
    }
  }

  /** Acknowledgements forwarded by the manager: receivers logged these channels this far. */
  @Override
  public void onControl(Control message) {
    if (!(message instanceof LoggingControl.Logged logged)) {
      throw new IllegalArgumentException("not a pessimistic host message: " + message);
    }
    for (Ack a : logged.upTo()) {
      VmState s = vms.get(a.from());
      if (s != null) {
        s.copies.ack(a.to(), a.seq());
      }
    }
    for (int v : local) {
      if (vms.get(v) != null) {
        promoteSafe(vms.get(v));
      }
    }
    reportLines();
  }

  // ---- failures ------------------------------------------------------------------------------

  /** The VM crashed; its hypervisor keeps logging and acknowledging what arrives for it. */
  @Override
  public void failVm(int vm) {
    vms.get(vm).up = false;
    vms.get(vm).guest = null;
  }

  /**
   * The VM restarts from its newest durable checkpoint and replays the durable log of what it had
   * consumed, so it is exactly the state it failed in (P3); sends it regenerates already went out
   * (their copies are in this hypervisor). Then the input that waited meanwhile is delivered.
   */
  @Override
  public void restoreVm(int vm) {
    VmState s = vms.get(vm);
    int line = StableReplay.replayConsumed(s, storage.durableItems(vm), listener);
    listener.replayedAfterVmFailure(vm, s.guest);
    listener.rolledBack(Set.of(vm), line);
    s.up = true;
    drain(s);
    reportLines();
  }

  /** The manager's recovery phases after host failures (see {@link LoggingManager}). */
  @Override
  public Control onCall(Control request) {
    if (request instanceof LoggingControl.Rebuild) {
      Map<Integer, Integer> restartOf = new HashMap<>();
      for (int v : local) {
        StableReplay.Restored r = restoreFromStable(v, resumedAt);
        regenerated.put(v, r.resend());
        restartOf.put(v, r.line());
      }
      reportLines();
      return new LoggingControl.Rebuilt(restartOf);
    } else if (request instanceof LoggingControl.Resend r) {
      // What the rebuilt VMs' replays regenerated; receivers drop what they have.
      r.vms().forEach(v -> regenerated.remove(v).forEach(m -> {
        listener.controlMessage("retransmit");
        route(m);
      }));
    } else if (request instanceof LoggingControl.RetransmitTo r) {
      retransmitTo(r.hosts());
    } else {
      throw new IllegalArgumentException("not a pessimistic recovery phase: " + request);
    }
    return Done.DONE;
  }

  /**
   * Host failure: rebuilds the VM on this restarted host from stable storage alone (P5). Returns
   * the sends its replay regenerated: they go out again once every failed VM is rebuilt.
   */
  private StableReplay.Restored restoreFromStable(int vm, int hostIndex) {
    VmState s = newVm(vm);
    List<StableItem> items = storage.durableItems(vm);
    StableReplay.Restored r = StableReplay.rebuild(s, items, listener);
    s.index = Math.max(hostIndex, r.line());
    s.stagingIndex = s.index;
    lines.taken(vm, StableReplay.newest(items).firstIndex());
    lines.safe(vm, r.line());
    return r;
  }

  /** Re-sends the kept copies of messages to VMs of restarted hosts (they may have lost them). */
  private void retransmitTo(Set<Integer> restartedHosts) {
    for (int v : local) {
      vms.get(v).copies.forEachTo(d -> restartedHosts.contains(topo.hostOf(d)), m -> {
        listener.controlMessage("retransmit");
        transport.send(topo.hostOf(m.to), m);
      });
    }
  }

  /**
   * Delivery blocking, not send blocking: VM-ms with input held back for its log write, up to now
   * (a hold still open counts so far; if the host crashes now, that is where it ends).
   */
  @Override
  public long blockedVmMillis() {
    long total = waits.blockedVmMillis();
    long now = clock.getAsLong();
    for (int v : local) {
      if (vms.get(v) != null && vms.get(v).unlogged > 0) {
        total += now - vms.get(v).heldSince;
      }
    }
    return total;
  }

  /** How long this host's determinants waited for their log write before delivery. */
  public DeliveryWaits deliveryWaits() {
    return waits;
  }

  @Override
  public Guest guest(int vm) {
    VmState s = vms.get(vm);
    return s == null || !s.up ? null : s.guest;
  }

  @Override
  public boolean isUp(int vm) {
    return vms.get(vm) != null && vms.get(vm).up;
  }

  /** Index: the last tick its input passed; usable: its latest safe checkpoint. */
  @Override
  public VmLook look(int vm) {
    VmState s = vms.get(vm);
    return s == null ? null : new VmLook(s.up, s.index, 0, lines.safe(vm), guest(vm));
  }

  /**
   * A VM with this many determinants staged but not yet durable takes no more timers, as a VM
   * whose link is full: timers that come faster than the disk syncs would otherwise queue without
   * bound. Enough to keep a file writer's batches (64 items) full. (The simulator's timers never
   * ask: its disk keeps up by construction.)
   */
  static final int MAX_UNLOGGED_PER_VM = 32;

  @Override
  public boolean accepting(int vm) {
    return vms.get(vm) == null || vms.get(vm).unlogged < MAX_UNLOGGED_PER_VM;
  }

  /** Volatile copies this host holds for one VM (tests). */
  int copiesHeld(int vm) {
    return vms.get(vm).copies.size();
  }

  /** Determinants of one VM staged but not yet delivered (tests). */
  int waiting(int vm) {
    return (int) vms.get(vm).pipeline.stream().filter(p -> !p.isMarker()).count();
  }
}
