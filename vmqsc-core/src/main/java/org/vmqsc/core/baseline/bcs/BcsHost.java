package org.vmqsc.core.baseline.bcs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.vmqsc.core.channel.ChannelInbox.Receipt;
import org.vmqsc.core.channel.ChannelInbox;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Send;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.Announcement;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.Done;
import org.vmqsc.core.role.HostEnv;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.ToManager;
import org.vmqsc.core.role.VmLook;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.StableStorage;
import org.vmqsc.core.util.IntMap;
import org.vmqsc.core.spi.Transport;

/**
 * The per-host hypervisor part of index-based CIC (Briatico-Ciuffoletti-Simoncini): basic
 * checkpoints at each VM's own period (sn := sn + 1), the sender's sn on every message, a forced
 * checkpoint (sn := m.sn) before delivering a message with a higher sn, and receiver-side CHANNEL
 * logging of messages that arrive with a lower sn (they cross some line backwards). Checkpoints and
 * logs are staged for the host's lazy writer, as VM_QSC's are (R10).
 *
 * <p>Rule switches, so tests can break it on purpose: {@code r3ForcedCheckpoint} (the forced
 * checkpoint), {@code r8BackwardLog} (CHANNEL logging), {@code duplicateSuppression},
 * {@code orphanFilter}.
 */
final class BcsHost implements HostRole {
  /** A staged write this host is waiting for. */
  private record Write(long ticket, int vm, int incarnation, boolean checkpoint, int sn) {}

  private final int host;
  private final Topology topo;
  private final Rules rules;
  private final Transport transport;
  private final StableStorage storage;
  private final ToManager control;
  private final ProtocolListener listener;
  /** This host's copy of the manager's rollback table, brought up to date in each rollback. */
  private final Incarnations incarnations;
  private final int[] local;
  /** Per VM restored in a rollback's phase 1: what its old state held undelivered. */
  private final Map<Integer, List<Message>> held = new HashMap<>();
  private final IntMap<BcsVm> vms = new IntMap<>(); // this host's VMs only
  /** Acknowledgements of deliveries since the last report, which carries them to the manager. */
  private List<Ack> acks = new ArrayList<>();
  private final ArrayDeque<Write> writes = new ArrayDeque<>();

  BcsHost(HostEnv env) {
    this.host = env.host();
    this.topo = env.ctx().topology();
    this.rules = env.ctx().rules();
    this.transport = env.ctx().transport();
    this.storage = env.ctx().storage();
    this.control = env.manager();
    this.listener = env.ctx().listener();
    this.incarnations = new Incarnations();
    this.local = topo.vmsOn(host);
  }

  /** Boots this host's VMs at sn 0; the boot image is their first checkpoint, durable at once. */
  @Override
  public void boot(IntFunction<Guest> guests) {
    for (int v : local) {
      BcsVm s = new BcsVm(v, guests.apply(v));
      vms.put(v, s);
      storage.preload(new CheckpointItem(v, 0, 0, 0, s.image(topo.vms()), topo.checkpointBytes(v)));
      listener.crossed(v, -1, 0, s.guest);
    }
  }

  // ---- basic and forced checkpoints --------------------------------------------------------

  /** The host's clock reached x·T0: each VM due at x takes its basic checkpoint. */
  @Override
  public void onTick(int x) {
    for (int v : local) {
      BcsVm s = vms.get(v);
      if (s.up && topo.due(v, x)) {
        checkpoint(s, s.sn + 1, x, false); // BCS: a basic checkpoint raises sn by one
      }
    }
    control.send(report());
  }

  /**
   * Stages the VM's state as the checkpoint that moves its sn to {@code newSn}. It is the VM's
   * line-n checkpoint for every n in (sn, newSn], hence firstIndex = sn + 1 and dueIndex = newSn on
   * the stored item, and one crossing reported over that whole range (the oracle's P5 digest).
   */
  private void checkpoint(BcsVm s, int newSn, int due, boolean forced) {
    long bytes = topo.checkpointBytes(s.vm);
    CheckpointItem item = new CheckpointItem(s.vm, s.sn + 1, newSn, s.incarnation, s.image(topo.vms()),
        bytes);
    long ticket = storage.stage(host, item);
    writes.addLast(new Write(ticket, s.vm, s.incarnation, true, newSn));
    listener.checkpoint(s.vm, s.sn + 1, due, forced, bytes);
    listener.crossed(s.vm, s.sn, newSn, s.guest);
    s.sn = newSn;
  }

  // ---- sends -------------------------------------------------------------------------------

  /** A guest timer fired: the guest may send one message, which carries the VM's sn. */
  @Override
  public void onTimer(int vm, TimerFire fire) {
    BcsVm s = vms.get(vm);
    if (s == null || !s.up) {
      return;
    }
    Send send = s.guest.fire(fire);
    if (send == null) {
      return;
    }
    Message m = new Message(vm, send.to(), s.sent.increment(send.to()), s.sn, s.incarnation,
        send.payload(), send.amount());
    listener.sent(vm, m);
    s.inFlight.sent(m); // before sending: with no delay the receipt is re-entrant
    int dest = topo.hostOf(send.to());
    if (dest == host) {
      onArrival(m);
    } else {
      transport.send(dest, m);
    }
  }

  // ---- receipts ----------------------------------------------------------------------------

  @Override
  public void onArrival(Message m) {
    BcsVm s = vms.get(m.to);
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

  /**
   * Duplicate suppression and in-order delivery per channel, by the sender's sequence number.
   * With the rule off, gaps are still held back, as in every protocol ({@link ChannelInbox}).
   */
  void offer(BcsVm s, Message m) {
    Receipt r = s.inbox.offer(m, rules.duplicateSuppression(), next -> deliver(s, next));
    if (r == Receipt.DUPLICATE) {
      listener.duplicateDropped(s.vm, m);
      acknowledge(m);
    }
  }

  /** BCS receipt: forced checkpoint first if m.sn is higher; CHANNEL log if it is lower. */
  private void deliver(BcsVm s, Message m) {
    if (m.senderIndex > s.sn && rules.r3ForcedCheckpoint()) {
      checkpoint(s, m.senderIndex, m.senderIndex, true);
    }
    long position = s.nextPosition++;
    if (m.senderIndex < s.sn && rules.r8BackwardLog()) {
      logChannel(s, m, position);
    }
    s.inbox.delivered(m);
    s.guest.receive(m);
    acknowledge(m);
    listener.delivered(s.vm, m, s.sn, false);
  }

  /**
   * m was sent before its sender reached sn(receiver) and is received after the receiver did: it
   * is in transit across every line in (m.sn, sn]. Recovery to such a line re-delivers it from
   * this record; the line may not pass m.sn until the record is durable.
   */
  private void logChannel(BcsVm s, Message m, long position) {
    LogEntry e = new LogEntry(m, s.sn, false, position);
    LogItem item = new LogItem(s.vm, LogItem.Kind.CHANNEL, s.sn, s.incarnation, List.of(e), 1,
        topo.messageBytes());
    long ticket = storage.stage(host, item);
    writes.addLast(new Write(ticket, s.vm, s.incarnation, false, m.senderIndex));
    s.pendingChannel.add(m.senderIndex);
    listener.stableLogged(item);
  }

  // ---- acknowledgements (docs/protocol.md D2) ------------------------------------------------

  /**
   * An acknowledgement rides in this host's next report and the manager relays it to the sender's
   * host, so it never reaches a sender before the manager has the report that counts the
   * message's CHANNEL record as pending. Within one host the sender learns at once.
   */
  private void acknowledge(Message m) {
    Ack a = Ack.of(m);
    if (topo.hostOf(m.from) == host) {
      settle(a);
    } else {
      acks.add(a);
    }
  }

  /**
   * The manager's announcement: receivers acknowledged these messages, so they are no longer in
   * flight (the durable line itself changes nothing here: the manager reclaims storage).
   */
  @Override
  public void onControl(Control message) {
    for (Ack a : ((Announcement) message).acks()) {
      settle(a);
    }
  }

  private void settle(Ack a) {
    BcsVm s = vms.get(a.from());
    // An ack of an undone execution's message settles nothing: its tracking was reset at the
    // rollback. A repeated ack (a duplicate acknowledged again) finds nothing either.
    if (s != null && a.senderIncarnation() == s.incarnation) {
      s.inFlight.settle(a);
    }
  }

  // ---- durability and the report -----------------------------------------------------------

  /** Every write of this host up to {@code ticket} is durable (writes complete in order). */
  @Override
  public void onDurable(long ticket) {
    while (!writes.isEmpty() && writes.peekFirst().ticket() <= ticket) {
      Write w = writes.pollFirst();
      BcsVm s = vms.get(w.vm());
      if (s == null || s.incarnation != w.incarnation()) {
        continue;
      }
      if (w.checkpoint()) {
        s.durableSn = Math.max(s.durableSn, w.sn());
      } else {
        s.pendingChannel.remove(w.sn());
      }
    }
  }

  BcsControl.Status report() {
    int[] inc = new int[local.length];
    int[] sn = new int[local.length];
    int[] usable = new int[local.length];
    for (int i = 0; i < local.length; i++) {
      BcsVm s = vms.get(local[i]);
      inc[i] = s.incarnation;
      sn[i] = s.sn;
      usable[i] = s.usable();
    }
    BcsControl.Status r = new BcsControl.Status(host, local, inc, sn, usable, acks);
    acks = new ArrayList<>();
    return r;
  }

  // ---- failures ----------------------------------------------------------------------------

  @Override
  public void failVm(int vm) {
    vms.get(vm).up = false;
    vms.get(vm).guest = null;
  }

  /** The restart is the manager's: every VM rolls back (unless a rollback came first). */
  @Override
  public void restoreVm(int vm) {
    control.send(new BcsControl.RestartDue(vm, vms.get(vm).incarnation));
  }

  @Override
  public boolean isUp(int vm) {
    return vms.get(vm) != null && vms.get(vm).up;
  }

  /** Index: the VM's sn; usable: the highest line it allows now. */
  @Override
  public VmLook look(int vm) {
    BcsVm s = vms.get(vm);
    return s == null ? null : new VmLook(s.up, s.sn, s.incarnation, s.usable(), guest(vm));
  }

  @Override
  public Guest guest(int vm) {
    return isUp(vm) ? vms.get(vm).guest : null;
  }

  int sn(int vm) {
    return vms.get(vm).sn;
  }

  int incarnation(int vm) {
    return vms.get(vm).incarnation;
  }

  // ---- rollback phases (see BcsRollback) ----------------------------------------------------

  @Override
  public Control onCall(Control request) {
    if (request instanceof BcsControl.Restore r) {
      return restore(r);
    } else if (request instanceof BcsControl.NoteRollbacks n) {
      incarnations.catchUp(n.all());
    } else if (request instanceof BcsControl.Redeliver r) {
      for (int v : r.vms()) {
        for (Message m : channelState(v, r.line())) {
          redeliver(v, m);
        }
        for (Message m : held.remove(v)) {
          redeliver(v, m);
        }
      }
    } else {
      throw new IllegalArgumentException("not a BCS rollback phase: " + request);
    }
    return Done.DONE;
  }

  /**
   * Phase 1: rebuilds each VM from its line checkpoint, from durable storage only (P5), keeping
   * what its old state held undelivered for phase 3. Acknowledgements not yet reported refer to
   * the undone execution's messages: moot.
   */
  private BcsControl.Restored restore(BcsControl.Restore r) {
    incarnations.catchUp(r.before());
    acks = new ArrayList<>();
    Map<Integer, Integer> snOf = new TreeMap<>();
    for (int v : new java.util.TreeSet<>(r.incarnationOf().keySet())) {
      CheckpointItem cp = lineCheckpoint(v, r.line());
      int inc = r.incarnationOf().get(v);
      storage.discardFuture(v, inc, cp.dueIndex());
      BcsVm s = BcsVm.restored(cp, inc);
      held.put(v, install(s));
      snOf.put(v, s.sn);
      listener.restoredFromStable(v, r.line());
      listener.restoredToLine(v, r.line(), s.guest);
    }
    return new BcsControl.Restored(snOf);
  }

  /** The VM's first checkpoint with sn >= n in its current history: firstIndex <= n <= sn. */
  private CheckpointItem lineCheckpoint(int v, int n) {
    for (StableItem it : storage.durableItems(v)) {
      if (it instanceof CheckpointItem c && c.firstIndex() <= n && n <= c.dueIndex()
          && !incarnations.undone(c)) {
        return c;
      }
    }
    throw new IllegalStateException("no durable checkpoint of vm " + v + " for line " + n);
  }

  /**
   * Replaces this host's VM with its restored state. Returns the messages the old state still
   * held undelivered (waiting while it was down, or held back behind a gap).
   */
  private List<Message> install(BcsVm restored) {
    BcsVm old = vms.get(restored.vm);
    vms.put(restored.vm, restored);
    List<Message> out = new ArrayList<>();
    if (old != null) {
      out.addAll(old.waiting);
      out.addAll(old.inbox.takeHeld());
    }
    return out;
  }

  /**
   * Messages in transit across line n into VM v: sent with sn < n (before their sender's line
   * checkpoint), valid, and beyond what v's restored state received on that channel. Every such
   * message was CHANNEL-logged when received (its sn was below the receiver's); records of several
   * incarnations may hold it, so it is taken once, in channel order.
   */
  private Collection<Message> channelState(int v, int n) {
    ChannelInbox inbox = vms.get(v).inbox;
    TreeMap<Long, Message> byChannel = new TreeMap<>();
    for (StableItem it : storage.durableItems(v)) {
      if (it instanceof LogItem log && log.kind() == LogItem.Kind.CHANNEL) {
        for (LogEntry e : log.entries()) {
          Message m = e.message();
          if (m != null && m.senderIndex < n && m.seq > inbox.lastDelivered(m.from)
              && incarnations.valid(m)) {
            byChannel.putIfAbsent(((long) m.from << 32) | m.seq, m);
          }
        }
      }
    }
    return byChannel.values();
  }

  /** Re-delivers a message after a rollback: a still valid in-transit or held message. */
  private void redeliver(int vm, Message m) {
    if (rules.orphanFilter() && !incarnations.valid(m)) {
      listener.orphanDropped(vm, m);
      return;
    }
    offer(vms.get(vm), m);
  }
}
