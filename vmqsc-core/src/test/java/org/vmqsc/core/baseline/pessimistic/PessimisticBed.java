package org.vmqsc.core.baseline.pessimistic;

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
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableStorage;

/**
 * A hand-driven world for the pessimistic protocol: the network holds messages until the test
 * delivers them, stable storage completes writes only when the test says, time moves by hand.
 */
final class PessimisticBed {
  final Topology topo;
  final RoleSystem protocol;
  /** Control messages (acks, line status) in flight while {@link #holdControl} is set. */
  final ArrayDeque<Runnable> inFlight = new ArrayDeque<>();
  boolean holdControl;
  final ArrayDeque<Object[]> wire = new ArrayDeque<>();
  final Storage storage = new Storage();
  final boolean[] down;
  final List<Message> replayed = new ArrayList<>();
  final List<Message> duplicates = new ArrayList<>();
  final Map<Integer, Long> replayedDigest = new HashMap<>();
  final Map<Integer, Long> restoredToLine = new HashMap<>();
  final List<Set<Integer>> rolledBack = new ArrayList<>();
  final Map<String, Integer> control = new HashMap<>();
  long now;

  /** One VM per entry of {@code host}, SI (k = 1) unless {@code k} says otherwise. */
  PessimisticBed(int[] k, int[] host, int hosts) {
    long[] bytes = new long[k.length];
    java.util.Arrays.fill(bytes, 1000);
    topo = new Topology(k, host, bytes, hosts, 100);
    down = new boolean[hosts];
    ProtocolListener listener = new ProtocolListener() {
      @Override
      public void delivered(int vm, Message m, int interval, boolean replay) {
        if (replay) {
          replayed.add(m);
        }
      }

      @Override
      public void duplicateDropped(int vm, Message m) {
        duplicates.add(m);
      }

      @Override
      public void controlMessage(String kind) {
        control.merge(kind, 1, Integer::sum);
      }

      @Override
      public void replayedAfterVmFailure(int vm, Guest guest) {
        replayedDigest.put(vm, guest.digest());
      }

      @Override
      public void restoredToLine(int vm, int line, Guest guest) {
        restoredToLine.put(vm, (long) line);
      }

      @Override
      public void rolledBack(Set<Integer> vms, int line) {
        rolledBack.add(vms);
      }
    };
    protocol = new RoleSystem(new PessimisticRoles(), new ProtocolContext(topo, Rules.ALL,
        (dest, m) -> wire.add(new Object[] {dest, m}), storage, listener, () -> now),
        (from, to, delivery) -> {
          if (holdControl) {
            inFlight.add(delivery);
          } else {
            delivery.run();
          }
        });
    protocol.boot(v -> new BankGuest(v, 100, new Ledger(k.length)));
  }

  LoggingHost host(int h) {
    return (LoggingHost) protocol.host(h);
  }

  /** Control messages held so far arrive, in the order they were sent. */
  void releaseControl() {
    while (!inFlight.isEmpty()) {
      inFlight.poll().run();
    }
  }

  /** VM {@code from}'s guest timer fires, addressed to {@code to}. */
  void timer(int from, int to) {
    protocol.onTimer(from, new TimerFire(to, 7 + from));
  }

  /** Delivers every message on the wire (those to a dead host are lost, as in the simulator). */
  void deliverAll() {
    while (!wire.isEmpty()) {
      Object[] w = wire.poll();
      if (!down[(int) w[0]]) {
        protocol.onArrival((int) w[0], (Message) w[1]);
      }
    }
  }

  /** Every host's pending writes complete, and messages travel, until nothing moves. */
  void settle() {
    while (!wire.isEmpty() || storage.hasPending()) {
      deliverAll();
      for (int h = 0; h < topo.hosts(); h++) {
        storage.complete(h);
      }
    }
  }

  void tick(int x) {
    for (int h = 0; h < topo.hosts(); h++) {
      if (!down[h]) {
        protocol.onTick(h, x);
      }
    }
  }

  void failHost(int h) {
    down[h] = true;
    protocol.failHost(h);
    storage.pending.get(h).clear();
  }

  org.vmqsc.core.role.Recovery recover(Set<Integer> hosts, int index) {
    int[] idx = new int[topo.hosts()];
    java.util.Arrays.fill(idx, index);
    for (int h : hosts) {
      down[h] = false;
    }
    return protocol.recoverHosts(hosts, idx);
  }

  Ledger ledger(int vm) {
    return protocol.guest(vm).ledger();
  }

  /** Storage whose writes complete, in ticket order per host, only when the test says. */
  final class Storage implements StableStorage {
    final Map<Integer, List<Object[]>> pending = new HashMap<>();
    final Map<Integer, List<StableItem>> durable = new HashMap<>();
    final long[] tickets = new long[8];

    @Override
    public long stage(int host, StableItem item) {
      long t = ++tickets[host];
      pending.computeIfAbsent(host, h -> new ArrayList<>()).add(new Object[] {t, item});
      return t;
    }

    boolean hasPending() {
      return pending.values().stream().anyMatch(l -> !l.isEmpty());
    }

    /** All writes host {@code h} staged so far become durable. */
    void complete(int h) {
      List<Object[]> done = new ArrayList<>(pending.getOrDefault(h, List.of()));
      pending.getOrDefault(h, new ArrayList<>()).clear();
      for (Object[] p : done) {
        StableItem it = (StableItem) p[1];
        durable.computeIfAbsent(it.vm(), v -> new ArrayList<>()).add(it);
      }
      if (!done.isEmpty() && !down[h]) {
        protocol.onDurable(h, (long) done.get(done.size() - 1)[0]);
      }
    }

    @Override
    public void preload(StableItem item) {
      durable.computeIfAbsent(item.vm(), v -> new ArrayList<>()).add(item);
    }

    @Override
    public List<StableItem> durableItems(int vm) {
      return List.copyOf(durable.getOrDefault(vm, List.of()));
    }

    /** Same contract as the simulator's: below the newest durable checkpoint at or under line. */
    @Override
    public void reclaim(int vm, int line) {
      int base = durableItems(vm).stream()
          .filter(it -> it instanceof CheckpointItem c && c.firstIndex() <= line)
          .mapToInt(StableItem::interval).max().orElse(-1);
      durable.get(vm).removeIf(it -> it.interval() < base);
    }

    @Override
    public void discardFuture(int vm, int incarnation, int fromInterval) {
      throw new AssertionError("pessimistic logging never discards stable state");
    }

    List<Integer> checkpointIndexes(int vm) {
      return durableItems(vm).stream().filter(it -> it instanceof CheckpointItem)
          .map(StableItem::interval).toList();
    }
  }
}
