package org.vmqsc.core.protocol;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import org.vmqsc.core.channel.ChannelInbox.Receipt;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Send;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.AckList;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.ToManager;
import org.vmqsc.core.role.Report;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.StableStorage;
import org.vmqsc.core.spi.Transport;
import org.vmqsc.core.spi.VmImage;
import org.vmqsc.core.util.IntMap;

/**
 * The hypervisor side of VM_QSC for one host: it relays its VMs' messages, advances their indexes
 * (R1-R3), keeps volatile logs (R5), writes selectively to stable storage (R6, R8), keeps
 * sender-side copies (R7), stages checkpoints for lazy writing (R10) and repairs its VMs (R9).
 * Pure: the driver calls in with events; time never appears, only indexes.
 */
public final class Hypervisor implements HypervisorPort {
  private final int host;
  private final Topology topo;
  private final Rules rules;
  private final Transport transport;
  private final StableStorage storage;
  private final ToManager control;
  private final ProtocolListener listener;
  /** This host's VMs, by id: only those it runs (a host of a 100,000-VM cloud holds a few). */
  private final IntMap<VmSlot> slots = new IntMap<>();
  /** Where every VM runs, as this hypervisor last heard it (D14). */
  private final Placement placement;
  /** This host's VMs by the placement; recomputed when a VM moves. */
  private int[] local;
  private final IncarnationTable incarnations;
  /** Deliveries named for the next report; acks from receivers settled (D2, D4). */
  private final Acknowledgements acks = new Acknowledgements(this);
  /**
   * One staged write not yet durable: its ticket, the VM execution it belongs to, and for an R8
   * record the sender index it settles once durable (-1 for other writes).
   */
  private record PendingWrite(long ticket, int vm, int incarnation, int settlesIndex) {}

  private final ArrayDeque<PendingWrite> pendingWrites = new ArrayDeque<>();
  private final Replayer replayer;
  private int localIndex;
  private int knownLine = -1;
  /** The incarnations known ({@link IncarnationTable#known}) at the last re-send of kept copies
   * (phase 5 of R9), carried in every report: the manager trusts {@code usable} only from
   * reports made after its recovery's re-sends (D2). */
  private int resentAt;
  private long durableTicket;
  private final Boundary boundary;
  private final RecoveryPhases phases;

  @SuppressWarnings("unchecked")
  public Hypervisor(int host, Topology topo, Rules rules, Transport transport,
      StableStorage storage, ToManager control, ProtocolListener listener) {
    this.host = host;
    this.topo = topo;
    this.rules = rules;
    this.transport = transport;
    this.storage = storage;
    this.control = control;
    this.listener = listener;
    this.placement = new Placement(topo);
    this.local = placement.vmsOn(host);
    this.incarnations = new IncarnationTable();
    this.replayer = new Replayer(this);
    this.boundary = new Boundary(this);
    this.phases = new RecoveryPhases(this);
  }

  public int host() {
    return host;
  }

  /**
   * Boots every VM of this host at index 0. Its initial checkpoint C(i,0) is its boot image,
   * which is on stable storage before the VM ever runs (a cloud starts VMs from stored images), so
   * line 0 is durable from the start and a host failure before any lazy write still has a line.
   */
  public void boot(IntFunction<Guest> guests) {
    for (int v : local) {
      VmSlot s = new VmSlot(v, topo.k(v), guests.apply(v));
      slots.put(v, s);
      VmImage image = new VmImage(s.guest.copy(), topo.vms(), s.sent.snapshot(),
          s.inbox.snapshot());
      CheckpointItem boot = new CheckpointItem(v, 0, 0, 0, image, topo.checkpointBytes(v));
      storage.preload(boot);
      s.checkpoints.addLast(new StagedCheckpoint(boot, 0, true));
      listener.crossed(v, -1, 0, s.guest);
      s.noteCrossing(0);
      s.applyDurable(0);
    }
  }

  // ---- R1, R2: the host's own clock ticks -----------------------------------------------

  /** The host's local clock reached x·T0: every VM advances to index x (R1). */
  public void onTick(int x) {
    localIndex = Math.max(localIndex, x);
    for (int v : local) {
      VmSlot s = slots.get(v);
      if (s != null && s.up) {
        advance(s, x, false);
      }
    }
    report();
  }

  /** R1/R3: moves a VM's index to x, checkpointing or flushing the interval (see Boundary). */
  void advance(VmSlot s, int x, boolean forced) {
    boundary.advance(s, x, forced);
  }

  long durableTicket() {
    return durableTicket;
  }

  long stage(VmSlot s, org.vmqsc.core.spi.StableItem item) {
    return stage(s, item, -1);
  }

  private long stage(VmSlot s, org.vmqsc.core.spi.StableItem item, int settlesIndex) {
    long ticket = storage.stage(host, item);
    s.lastWriteTicket = ticket;
    pendingWrites.addLast(new PendingWrite(ticket, s.vm, s.incarnation, settlesIndex));
    return ticket;
  }

  // ---- guests' own events ----------------------------------------------------------------

  /** A guest timer fired: logged as a determinant (SPEC §5), then the guest reacts. */
  public void onTimer(int vm, TimerFire fire) {
    VmSlot s = slots.get(vm);
    if (s == null || !s.up) {
      return;
    }
    s.log.add(fire, s.index, false, s.nextPosition++);
    Send send = s.guest.fire(fire);
    if (send != null) {
      send(s, send, false);
    }
  }

  /** Stamps and relays a guest's send; during replay only the counters move (already sent). */
  void send(VmSlot s, Send send, boolean replay) {
    int seq = s.sent.increment(send.to());
    if (replay) {
      return;
    }
    Message m = new Message(s.vm, send.to(), seq, s.index, s.incarnation, send.payload(),
        send.amount());
    listener.sent(s.vm, m);
    s.inFlight.sent(m); // before relaying: a local receipt is re-entrant
    int dest = placement.hostOf(send.to());
    if (dest == host) {
      onArrival(m);
    } else {
      if (rules.r7SenderCopies()) {
        s.senderCopies.addLast(m); // R7: the sending hypervisor keeps a copy too
      }
      transport.send(dest, m);
    }
  }

  // ---- receipts --------------------------------------------------------------------------

  /** A message reached this hypervisor, from one of its own VMs or from the network. */
  public void onArrival(Message m) {
    if (placement.hostOf(m.to) != host) {
      // Sent before its receiver was restarted on another host (D14): R7 re-sends the kept copy
      // there (phase 5), so this one is dropped.
      return;
    }
    VmSlot s = slots.get(m.to);
    if (s == null) {
      throw new IllegalArgumentException("vm " + m.to + " does not run on host " + host);
    }
    if (rules.orphanFilter() && !incarnations.valid(m)) {
      listener.orphanDropped(m.to, m);
      return;
    }
    if (!s.up) {
      s.waiting.addLast(m);
      return;
    }
    offer(s, m);
  }

  /** Duplicate suppression and in-order delivery per channel (SPEC §5). */
  void offer(VmSlot s, Message m) {
    Receipt r = s.inbox.offer(m, rules.duplicateSuppression(), next -> deliver(s, next));
    if (r == Receipt.DUPLICATE) {
      listener.duplicateDropped(s.vm, m);
      acks.duplicate(s, m); // the receiver has it: the sender may stop waiting for it
    }
  }

  /** Delivers one message to the guest: R3 first, then R5 and, if it crossed backwards, R8. */
  private void deliver(VmSlot s, Message m) {
    if (m.senderIndex > s.index && rules.r3ForcedCheckpoint()) {
      advance(s, m.senderIndex, true); // R3: never receive in an earlier interval than sent
    }
    boolean r8 = m.senderIndex < s.index && rules.r8BackwardLog();
    long position = s.nextPosition++;
    s.log.add(m, s.index, r8, position);
    if (r8) {
      logBackward(s, new LogEntry(m, s.index, true, position));
    }
    s.inbox.delivered(m);
    s.guest.receive(m);
    acks.delivered(s, m); // in the interval R3 put it in
    listener.delivered(s.vm, m, s.index, false);
  }

  /** R8: a message sent in an earlier interval than it is received in goes to stable storage. */
  private void logBackward(VmSlot s, LogEntry e) {
    long bytes = topo.messageBytes();
    LogItem item = new LogItem(s.vm, LogItem.Kind.R8, e.interval, s.incarnation, List.of(e), 1,
        bytes);
    stage(s, item, e.message().senderIndex); // settles this sender index when durable
    s.r8Pending.add(e.message().senderIndex);
    listener.stableLogged(item);
  }

  /**
   * Acknowledgements reached the sending side: those messages are no longer in flight, unless a
   * rollback of the receiver undid the receipt (D4).
   */
  public void onAcks(List<Ack> delivered) {
    acks.settle(AckList.of(delivered));
  }

  // ---- stable storage and the line --------------------------------------------------------

  /** Every write of this host up to {@code ticket} is durable (writes complete in order). */
  public void onDurable(long ticket) {
    durableTicket = Math.max(durableTicket, ticket);
    while (!pendingWrites.isEmpty() && pendingWrites.peekFirst().ticket() <= ticket) {
      PendingWrite w = pendingWrites.pollFirst();
      VmSlot s = slots.get(w.vm());
      if (s == null || s.incarnation != w.incarnation()) {
        continue;
      }
      if (w.settlesIndex() >= 0) {
        s.r8Pending.remove(w.settlesIndex());
      }
      s.applyDurable(ticket);
    }
  }

  private void report() {
    // A restarted hypervisor has no VMs until recovery rebuilds them: it reports only those it has.
    int[] vms = java.util.Arrays.stream(local).filter(v -> slots.get(v) != null).toArray();
    int[] index = new int[vms.length];
    int[] usable = new int[vms.length];
    int[] incarnation = new int[vms.length];
    for (int i = 0; i < vms.length; i++) {
      VmSlot s = slots.get(vms[i]);
      index[i] = s.index;
      usable[i] = s.usable(rules);
      incarnation[i] = s.incarnation;
    }
    control.send(new Report(host, vms, index, usable, incarnation, acks.takeForReport(),
        resentAt));
  }

  /** The manager's periodic word: acknowledgements relayed from receivers, and the durable line. */
  public void onAnnouncement(int line, List<Ack> relayedAcks) {
    onAcks(relayedAcks);
    onDurableLine(line);
  }

  /**
   * The manager announced a new durable line: what no usable line needs any more is dropped
   * (R5, R7, reclamation).
   */
  public void onDurableLine(int y) {
    knownLine = Math.max(knownLine, y);
    for (int v : local) {
      VmSlot s = slots.get(v);
      if (s == null) {
        continue; // restarted, not yet rebuilt
      }
      StagedCheckpoint base = s.checkpointFor(knownLine);
      if (base == null) {
        continue;
      }
      while (s.checkpoints.peekFirst() != base) {
        s.checkpoints.pollFirst();
      }
      s.log.dropBefore(base.firstIndex());
      // Copies are kept in send order and acknowledged nearly in order: drop from the head.
      while (!s.senderCopies.isEmpty() && s.senderCopies.peekFirst().senderIndex < knownLine
          && s.acknowledged(s.senderCopies.peekFirst())) {
        s.senderCopies.pollFirst();
      }
      s.inFlight.reclaim();
    }
  }

  // ---- R9: failures ---------------------------------------------------------------------

  /** The VM crashed; its hypervisor lives on and keeps its logs and staged checkpoints. */
  public void failVm(int vm) {
    VmSlot s = slots.get(vm);
    s.up = false;
    s.guest = null;
  }

  public Guest guest(int vm) {
    VmSlot s = slots.get(vm);
    return s == null || !s.up ? null : s.guest;
  }

  public boolean isUp(int vm) {
    VmSlot s = slots.get(vm);
    return s != null && s.up;
  }

  /**
   * R9, VM failure: restart from the VM's latest checkpoint and re-deliver its volatile log in the
   * original order; no other VM is touched. Then catch up on ticks missed while down and deliver
   * what arrived meanwhile.
   */
  public void restoreVm(int vm) {
    VmSlot s = slots.get(vm);
    StagedCheckpoint cp = s.latestCheckpoint();
    replayer.restore(s, cp.item.image(), s.log.from(cp.firstIndex()));
    listener.replayedAfterVmFailure(vm, s.guest);
    listener.rolledBack(Set.of(vm), cp.firstIndex());
    s.up = true;
    advance(s, localIndex, false);
    drainWaiting(s);
  }

  void drainWaiting(VmSlot s) {
    while (!s.waiting.isEmpty()) {
      Message m = s.waiting.pollFirst();
      if (!rules.orphanFilter() || incarnations.valid(m)) {
        offer(s, m);
      }
    }
  }

  // Accessors for the recovery coordinator and for drivers.

  Topology topology() {
    return topo;
  }

  /** Where this hypervisor believes each VM runs. */
  public int hostOf(int vm) {
    return placement.hostOf(vm);
  }

  /** Where this hypervisor believes every VM runs (a copy, for drivers on other threads). */
  public int[] placement() {
    return placement.toArray();
  }

  Rules rules() {
    return rules;
  }

  int[] localVms() {
    return local;
  }

  Placement where() {
    return placement;
  }

  Transport transport() {
    return transport;
  }

  int localIndex() {
    return localIndex;
  }

  StableStorage storage() {
    return storage;
  }

  VmSlot slot(int vm) {
    return slots.get(vm);
  }

  IncarnationTable incarnations() {
    return incarnations;
  }

  ProtocolListener listener() {
    return listener;
  }

  void installSlot(VmSlot s) {
    slots.put(s.vm, s);
  }

  /**
   * Another VM was rolled back to line y: its messages from the undone execution are void. Its
   * new execution runs on {@code newHost} (D14).
   */
  public void noteRollback(int vm, int incarnation, int y, int newHost) {
    incarnations.record(vm, incarnation, y);
    // No line past a rollback's is durable any more (after a fall-back, D15, the manager's line
    // went back): keep what a recovery to this line needs.
    knownLine = Math.min(knownLine, y);
    if (placement.hostOf(vm) != newHost) {
      placement.move(vm, newHost);
      if (newHost != host) {
        slots.remove(vm); // its execution here is void, and it continues elsewhere
      }
      local = placement.vmsOn(host);
    }
    for (int v : local) {
      VmSlot s = slots.get(v);
      if (s == null) {
        continue;
      }
      s.waiting.removeIf(m -> !incarnations.valid(m));
      s.inbox.dropHeldIf(m -> !incarnations.valid(m));
    }
  }

  @Override
  public void handOver(List<Ack> acks) {
    onAcks(acks);
  }

  @Override
  public void noteRollbacks(List<Rollback> rollbacks) {
    for (Rollback r : rollbacks) {
      noteRollback(r.vm(), r.incarnation(), r.line(), r.host());
    }
  }

  @Override
  public java.util.Map<Integer, Set<Integer>> dependenciesSince(int line) {
    return phases.dependenciesSince(line);
  }

  @Override
  public void rollBack(List<Rollback> vms) {
    phases.rollBack(vms);
  }

  @Override
  public void resume(List<Integer> vms) {
    phases.resume(vms);
  }

  @Override
  public void retransmitTo(Set<Integer> restoredVms) {
    phases.retransmitTo(restoredVms);
    resentAt = incarnations.known(); // this recovery's rollbacks were noted in phase 2
  }

  /** Senders from which this VM received a message sent at index >= y (a dependency after y). */
  public Set<Integer> dependenciesSince(int vm, int y) {
    return phases.dependenciesSince(vm, y);
  }

  /** Starts this (restarted) hypervisor's clock at the host's current index. */
  public void resumeAt(int x) {
    localIndex = Math.max(localIndex, x);
  }

  /** Read-only view of one VM for drivers, traces and the oracle. */
  public VmView view(int vm) {
    VmSlot s = slots.get(vm);
    return s == null ? null : new VmView(s);
  }

  public int knownLine() {
    return knownLine;
  }
}
