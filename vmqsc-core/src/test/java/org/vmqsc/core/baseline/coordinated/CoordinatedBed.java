package org.vmqsc.core.baseline.coordinated;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.RoleSystem;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableStorage;

/**
 * A hand-driven world for the coordinated protocol, its host roles and manager role wired by a
 * {@link RoleSystem}: a network that holds messages until the test delivers them, storage whose
 * writes complete when the test says, a clock the test moves, a listener that records what the
 * protocol reports, and a courier for control messages (instant unless the test brings its own).
 */
final class CoordinatedBed {
  final Topology topo;
  final RoleSystem protocol;
  final ArrayDeque<Object[]> wire = new ArrayDeque<>();
  final Storage storage = new Storage();
  final List<String> control = new ArrayList<>();
  final List<LogItem> logged = new ArrayList<>();
  final List<Message> orphans = new ArrayList<>();
  final Map<Integer, Integer> restoredTo = new HashMap<>();
  /** Digest of each VM's state when it crossed into each index: vm -> index -> digest. */
  final Map<Integer, Map<Integer, Long>> crossedDigest = new HashMap<>();
  final Map<Integer, Long> restoredDigest = new HashMap<>();
  final List<Set<Integer>> rollbacks = new ArrayList<>();
  long now;

  /** Two hosts: VMs 0 (SI) and 1 (MI2) on host 0, VMs 2 (SI) and 3 (MI3) on host 1. */
  CoordinatedBed() {
    this(Rules.ALL);
  }

  CoordinatedBed(Rules rules) {
    this(rules, RoleSystem.INSTANT);
  }

  CoordinatedBed(RoleSystem.Courier courier) {
    this(Rules.ALL, courier);
  }

  CoordinatedBed(Rules rules, RoleSystem.Courier courier) {
    topo = new Topology(new int[] {1, 2, 1, 3}, new int[] {0, 0, 1, 1},
        new long[] {1000, 1000, 1000, 1000}, 2, 100);
    ProtocolContext ctx = new ProtocolContext(topo, rules,
        (dest, m) -> wire.add(new Object[] {dest, m}), storage, new Recorder(), () -> now);
    protocol = new RoleSystem(new CoordinatedRoles(), ctx, courier);
    protocol.boot(v -> new BankGuest(v, 100, new Ledger(topo.vms())));
  }

  private final class Recorder implements ProtocolListener {
    @Override
    public void controlMessage(String kind) {
      control.add(kind);
    }

    @Override
    public void stableLogged(LogItem item) {
      logged.add(item);
    }

    @Override
    public void orphanDropped(int vm, Message m) {
      orphans.add(m);
    }

    @Override
    public void crossed(int vm, int from, int to, Guest guest) {
      crossedDigest.computeIfAbsent(vm, v -> new HashMap<>()).put(to, guest.digest());
    }

    @Override
    public void restoredToLine(int vm, int line, Guest guest) {
      restoredTo.put(vm, line);
      restoredDigest.put(vm, guest.digest());
    }

    @Override
    public void rolledBack(Set<Integer> vms, int line) {
      rollbacks.add(vms);
    }
  }

  /** VM {@code from} sends to {@code to} (a timer firing with that peer). */
  void send(int from, int to) {
    protocol.onTimer(from, new TimerFire(to, 7));
  }

  void deliverAll() {
    while (!wire.isEmpty()) {
      deliverNext();
    }
  }

  Message deliverNext() {
    Object[] w = wire.poll();
    protocol.onArrival((int) w[0], (Message) w[1]);
    return (Message) w[1];
  }

  Ledger ledger(int vm) {
    return protocol.guest(vm).ledger();
  }

  /** The round the manager has open, or -1. */
  int openRound() {
    return ((CoordinatedManager) protocol.manager()).openRound();
  }

  /** The round host {@code h} has open, or -1. */
  int openRound(int h) {
    return ((CoordinatedHypervisor) protocol.host(h)).openRound();
  }

  /** Sends held back, over all live hosts. */
  int queuedSends() {
    int n = 0;
    for (int h = 0; h < topo.hosts(); h++) {
      n += protocol.host(h) == null ? 0 : ((CoordinatedHypervisor) protocol.host(h)).queuedSends();
    }
    return n;
  }

  long count(String kind) {
    return control.stream().filter(kind::equals).count();
  }

  /** Stable storage whose writes complete only when the test says, in order per host. */
  final class Storage implements StableStorage {
    final List<List<StableItem>> durable = new ArrayList<>();
    final List<ArrayDeque<Object[]>> pending = List.of(new ArrayDeque<>(), new ArrayDeque<>());
    final long[] tickets = new long[2];

    Storage() {
      for (int v = 0; v < 4; v++) {
        durable.add(new ArrayList<>());
      }
    }

    @Override
    public long stage(int host, StableItem item) {
      pending.get(host).addLast(new Object[] {++tickets[host], item});
      return tickets[host];
    }

    /** Every staged write of {@code host} completes. */
    void complete(int host) {
      long last = -1;
      while (!pending.get(host).isEmpty()) {
        Object[] p = pending.get(host).pollFirst();
        StableItem it = (StableItem) p[1];
        durable.get(it.vm()).add(it);
        last = (long) p[0];
      }
      if (last >= 0) {
        protocol.onDurable(host, last);
      }
    }

    void completeAll() {
      complete(0);
      complete(1);
    }

    /** The host crashed: what it had staged is lost. */
    void lose(int host) {
      pending.get(host).clear();
    }

    @Override
    public void preload(StableItem item) {
      durable.get(item.vm()).add(item);
    }

    @Override
    public List<StableItem> durableItems(int vm) {
      return List.copyOf(durable.get(vm));
    }

    @Override
    public void reclaim(int vm, int line) {
      int base = -1;
      for (StableItem it : durable.get(vm)) {
        if (it instanceof CheckpointItem c && c.firstIndex() <= line) {
          base = Math.max(base, c.firstIndex());
        }
      }
      final int keep = base;
      durable.get(vm).removeIf(it -> it.interval() < keep);
    }

    @Override
    public void discardFuture(int vm, int incarnation, int from) {
      durable.get(vm).removeIf(it -> it.incarnation() < incarnation
          && it instanceof CheckpointItem c && c.firstIndex() > from);
    }
  }
}
