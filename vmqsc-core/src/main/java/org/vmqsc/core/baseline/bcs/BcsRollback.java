package org.vmqsc.core.baseline.bcs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.vmqsc.core.channel.ChannelInbox;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableStorage;

/**
 * Recovery under BCS: every VM returns to the durable line n, whatever failed (index-based CIC
 * keeps no log for local recovery). Line n is each VM's first checkpoint with sn >= n; it is
 * consistent because a VM's receipts before that checkpoint all carry sn < n (a higher one would
 * have forced it), so their senders had sent them before their own line checkpoints.
 *
 * <p>Two phases, so that no message meets a receiver still in its old execution: first every VM
 * is rebuilt from durable storage with a new incarnation; then each gets the channel state of the
 * line again (messages sent with sn < n that its restored state has not received, from the durable
 * CHANNEL records), then anything still valid it held undelivered. Everything else in flight was
 * sent at sn >= n by an undone execution: an orphan, dropped on arrival.
 */
final class BcsRollback {
  private final Topology topo;
  private final StableStorage storage;
  private final ProtocolListener listener;
  private final Incarnations incarnations;
  private final BcsManager manager;

  BcsRollback(Topology topo, StableStorage storage, ProtocolListener listener,
      Incarnations incarnations, BcsManager manager) {
    this.topo = topo;
    this.storage = storage;
    this.listener = listener;
    this.incarnations = incarnations;
    this.manager = manager;
  }

  /** Rolls every VM back to the manager's durable line; returns the line. */
  int rollbackAll(IntFunction<BcsHost> hosts) {
    int n = manager.durableLine();
    for (int h = 0; h < topo.hosts(); h++) {
      listener.controlMessage("rollback");
      hosts.apply(h).dropPendingAcks();
    }
    List<List<Message>> held = new ArrayList<>();
    for (int v = 0; v < topo.vms(); v++) {
      held.add(restore(hosts.apply(topo.hostOf(v)), v, n));
    }
    for (int v = 0; v < topo.vms(); v++) {
      BcsHost host = hosts.apply(topo.hostOf(v));
      for (Message m : channelState(v, n, host)) {
        host.redeliver(v, m);
      }
      for (Message m : held.get(v)) {
        host.redeliver(v, m);
      }
    }
    Set<Integer> all = new TreeSet<>();
    for (int v = 0; v < topo.vms(); v++) {
      all.add(v);
    }
    listener.rolledBack(all, n);
    return n;
  }

  /** Phase 1 for one VM: its line checkpoint, from durable storage only (P5). */
  private List<Message> restore(BcsHost host, int v, int n) {
    CheckpointItem cp = lineCheckpoint(v, n);
    int inc = incarnations.next(v, n, cp.dueIndex());
    storage.discardFuture(v, inc, cp.dueIndex());
    BcsVm s = BcsVm.restored(cp, inc);
    List<Message> held = host.install(s);
    manager.rolledBack(v, s.sn, n);
    listener.restoredFromStable(v, n);
    listener.restoredToLine(v, n, s.guest);
    return held;
  }

  /** The VM's first checkpoint with sn >= n in its current history: firstIndex <= n <= sn. */
  CheckpointItem lineCheckpoint(int v, int n) {
    for (StableItem it : storage.durableItems(v)) {
      if (it instanceof CheckpointItem c && c.firstIndex() <= n && n <= c.dueIndex()
          && !incarnations.undone(c)) {
        return c;
      }
    }
    throw new IllegalStateException("no durable checkpoint of vm " + v + " for line " + n);
  }

  /**
   * Messages in transit across line n into VM v: sent with sn < n (before their sender's line
   * checkpoint), valid, and beyond what v's restored state received on that channel. Every such
   * message was CHANNEL-logged when received (its sn was below the receiver's); records of several
   * incarnations may hold it, so it is taken once, in channel order.
   */
  private Collection<Message> channelState(int v, int n, BcsHost host) {
    ChannelInbox inbox = host.inbox(v);
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
}
