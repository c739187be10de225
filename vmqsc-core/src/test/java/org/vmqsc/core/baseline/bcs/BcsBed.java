package org.vmqsc.core.baseline.bcs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableStorage;

/**
 * A hand-driven world for BCS unit tests: a network that holds messages until the test delivers
 * them, storage whose writes complete when the test says, and a listener that records everything.
 */
final class BcsBed {
  record Checkpoint(int vm, int first, int due, boolean forced) {}

  final Topology topo;
  final RoleSystem bcs;
  /** Control messages (reports, announcements, restarts) held in flight, oldest first. */
  final ArrayDeque<Runnable> inFlight = new ArrayDeque<>();
  /** Whose control messages are held: host ids, or RoleSystem.MANAGER. */
  final Set<Integer> holdFrom = new HashSet<>();
  final ArrayDeque<Object[]> wire = new ArrayDeque<>();
  final Set<Integer> deadHosts = new HashSet<>();
  final Storage storage = new Storage();
  final List<Checkpoint> checkpoints = new ArrayList<>();
  final List<LogItem> logs = new ArrayList<>();
  final List<Message> orphans = new ArrayList<>();
  final List<String> control = new ArrayList<>();
  /** Digest a VM had when it crossed into each index, keyed "vm@index". */
  final Map<String, Long> crossedDigest = new HashMap<>();
  /** Digest of each restored state, keyed "vm@line". */
  final Map<String, Long> restoredDigest = new HashMap<>();

  BcsBed(int[] k, int[] host, int hosts) {
    this(k, host, hosts, Rules.ALL);
  }

  BcsBed(int[] k, int[] host, int hosts, Rules rules) {
    long[] bytes = new long[k.length];
    java.util.Arrays.fill(bytes, 1000);
    topo = new Topology(k, host, bytes, hosts, 100);
    bcs = new RoleSystem(new BcsRoles(), new ProtocolContext(topo, rules, (dest, m) -> wire.add(
        new Object[] {dest, m}), storage, new Recorder(), () -> 0L), (from, to, delivery) -> {
          if (holdFrom.contains(from)) {
            inFlight.add(delivery);
          } else {
            delivery.run();
          }
        });
    bcs.boot(v -> new BankGuest(v, 100, new Ledger(k.length)));
  }

  private final class Recorder implements ProtocolListener {
    @Override
    public void checkpoint(int vm, int first, int due, boolean forced, long b) {
      checkpoints.add(new Checkpoint(vm, first, due, forced));
    }

    @Override
    public void stableLogged(LogItem item) {
      logs.add(item);
    }

    @Override
    public void orphanDropped(int vm, Message m) {
      orphans.add(m);
    }

    @Override
    public void controlMessage(String kind) {
      control.add(kind);
    }

    @Override
    public void crossed(int vm, int from, int to, Guest guest) {
      for (int y = from + 1; y <= to; y++) {
        crossedDigest.put(vm + "@" + y, guest.digest());
      }
    }

    @Override
    public void restoredToLine(int vm, int line, Guest guest) {
      restoredDigest.put(vm + "@" + line, guest.digest());
    }
  }

  /** Control messages held so far arrive, in the order they were sent. */
  void releaseControl() {
    while (!inFlight.isEmpty()) {
      inFlight.poll().run();
    }
  }

  /** A VM's current sn; -1 while its host is down. */
  int sn(int vm) {
    BcsHost h = (BcsHost) bcs.host(topo.hostOf(vm));
    return h == null ? -1 : h.sn(vm);
  }

  /** A VM's current incarnation; -1 while its host is down. */
  int incarnation(int vm) {
    BcsHost h = (BcsHost) bcs.host(topo.hostOf(vm));
    return h == null ? -1 : h.incarnation(vm);
  }

  /** VM {@code from} sends one message to {@code to}. */
  void send(int from, int to) {
    bcs.onTimer(from, new TimerFire(to, 7));
  }

  /** Delivers everything on the wire; what reaches a dead host is lost. */
  void deliverAll() {
    while (!wire.isEmpty()) {
      Object[] w = wire.poll();
      if (!deadHosts.contains((int) w[0])) {
        bcs.onArrival((int) w[0], (Message) w[1]);
      }
    }
  }

  void tick(int x) {
    for (int h = 0; h < topo.hosts(); h++) {
      tickHost(h, x);
    }
  }

  void tickHost(int h, int x) {
    if (!deadHosts.contains(h)) {
      bcs.onTick(h, x);
    }
  }

  void failHost(int h) {
    deadHosts.add(h);
    bcs.failHost(h);
    storage.lose(h);
  }

  org.vmqsc.core.role.Recovery recover() {
    Set<Integer> failed = new HashSet<>(deadHosts);
    deadHosts.clear();
    return bcs.recoverHosts(failed, new int[topo.hosts()]);
  }

  Ledger ledger(int vm) {
    return bcs.guest(vm).ledger();
  }

  /** Stable storage whose writes complete only when the test calls {@link #completeAll}. */
  final class Storage implements StableStorage {
    private final Map<Integer, List<StableItem>> durable = new HashMap<>();
    private final List<Object[]> pending = new ArrayList<>();
    private final long[] tickets = new long[16];

    @Override
    public long stage(int host, StableItem item) {
      long t = ++tickets[host];
      pending.add(new Object[] {host, t, item});
      return t;
    }

    void completeAll() {
      List<Object[]> done = new ArrayList<>(pending);
      pending.clear();
      for (Object[] p : done) {
        preload((StableItem) p[2]);
        bcs.onDurable((int) p[0], (long) p[1]);
      }
    }

    void lose(int host) {
      pending.removeIf(p -> (int) p[0] == host);
    }

    int pending() {
      return pending.size();
    }

    @Override
    public void preload(StableItem item) {
      durable.computeIfAbsent(item.vm(), v -> new ArrayList<>()).add(item);
    }

    @Override
    public List<StableItem> durableItems(int vm) {
      return List.copyOf(durable.getOrDefault(vm, List.of()));
    }

    @Override
    public void reclaim(int vm, int lineIndex) {}

    /** Deliberately a no-op: the protocol must tell undone checkpoints apart by itself. */
    @Override
    public void discardFuture(int vm, int incarnation, int fromInterval) {}
  }
}
