package org.vmqsc.core.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.Report;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableStorage;
import org.vmqsc.core.spi.Transport;

/**
 * A hand-driven world for unit tests of the pure core: hypervisors, a manager, a network that
 * holds messages until the test delivers them, storage whose writes complete when the test says.
 */
final class TestBed {
  record Checkpoint(int vm, int first, int due, boolean forced) {}

  final Topology topo;
  final Hypervisor[] hvs;
  final Manager manager;
  final ArrayDeque<Object[]> wire = new ArrayDeque<>();
  final List<Checkpoint> checkpoints = new ArrayList<>();
  final List<LogItem> stableLogs = new ArrayList<>();
  final List<Message> duplicates = new ArrayList<>();
  final List<Message> orphans = new ArrayList<>();
  final Storage storage = new Storage();
  final List<Report> reports = new ArrayList<>();
  /** Reports from these hosts stay on their way (in {@link #held}) until the test hands them on. */
  final java.util.Set<Integer> holdReportsOf = new java.util.HashSet<>();
  final List<Report> held = new ArrayList<>();

  private final Rules rules;
  private final ProtocolListener listener;

  /** VMs given as k per VM; host per VM. */
  TestBed(int[] k, int[] host, int hosts) {
    this(k, host, hosts, Rules.ALL);
  }

  TestBed(int[] k, int[] host, int hosts, Rules rules) {
    long[] bytes = new long[k.length];
    java.util.Arrays.fill(bytes, 1000);
    topo = new Topology(k, host, bytes, hosts, 100);
    ProtocolListener listener = new ProtocolListener() {
      @Override
      public void checkpoint(int vm, int first, int due, boolean forced, long b) {
        checkpoints.add(new Checkpoint(vm, first, due, forced));
      }

      @Override
      public void duplicateDropped(int vm, Message m) {
        duplicates.add(m);
      }

      @Override
      public void orphanDropped(int vm, Message m) {
        orphans.add(m);
      }
    };
    manager = new Manager(topo, storage, listener);
    hvs = new Hypervisor[hosts];
    Transport net = (dest, m) -> wire.add(new Object[] {dest, m});
    this.rules = rules;
    this.listener = listener;
    for (int h = 0; h < hosts; h++) {
      hvs[h] = new Hypervisor(h, topo, rules, net, storage, this::report, listener);
    }
    manager.connect((h, line, acks) -> hvs[h].onAnnouncement(line, acks));
    for (Hypervisor hv : hvs) {
      hv.boot(v -> new BankGuest(v, 100, new Ledger(k.length)));
    }
  }

  private void report(org.vmqsc.core.role.Control c) {
    Report r = (Report) c;
    reports.add(r);
    if (holdReportsOf.contains(r.host())) {
      held.add(r);
    } else {
      manager.onReport(r);
    }
  }

  /** Host {@code host} crashed and comes back empty, its clock at index x: recovery rebuilds it. */
  Hypervisor restart(int host, int x) {
    Hypervisor fresh = new Hypervisor(host, topo, rules,
        (dest, m) -> wire.add(new Object[] {dest, m}), storage, this::report, listener);
    fresh.resumeAt(x);
    hvs[host] = fresh;
    return fresh;
  }

  /** A recovery of {@code hosts}, which have been restarted, run by a manager-side coordinator. */
  HostRecovery.Plan recover(HostRecovery recovery, Integer... hosts) {
    return recovery.recover(java.util.Set.of(hosts), h -> hvs[h]);
  }

  Hypervisor hvOf(int vm) {
    return hvs[topo.hostOf(vm)];
  }

  /** VM {@code from} sends to {@code to} (a timer firing with that peer). */
  void send(int from, int to) {
    hvOf(from).onTimer(from, new TimerFire(to, 7));
  }

  /** Delivers every message on the wire. */
  void deliverAll() {
    while (!wire.isEmpty()) {
      Object[] w = wire.poll();
      hvs[(int) w[0]].onArrival((Message) w[1]);
    }
  }

  /** Every host ticks x, then the manager sends its periodic announcement. */
  void tick(int x) {
    for (Hypervisor hv : hvs) {
      hv.onTick(x);
    }
    manager.onTick();
  }

  void tickHost(int host, int x) {
    hvs[host].onTick(x);
  }

  VmView vm(int v) {
    return hvOf(v).view(v);
  }

  /** Stable storage whose writes complete only when the test calls {@link #completeAll}. */
  final class Storage implements StableStorage {
    final List<StableItem>[] durable;
    final List<Object[]> pending = new ArrayList<>();
    long[] tickets = new long[8];

    @SuppressWarnings("unchecked")
    Storage() {
      durable = new List[64];
      for (int i = 0; i < durable.length; i++) {
        durable[i] = new ArrayList<>();
      }
    }

    @Override
    public long stage(int host, StableItem item) {
      long t = ++tickets[host];
      pending.add(new Object[] {host, t, item});
      if (item instanceof LogItem l) {
        stableLogs.add(l);
      }
      return t;
    }

    void completeAll() {
      List<Object[]> done = new ArrayList<>(pending);
      pending.clear();
      for (Object[] p : done) {
        durable[((StableItem) p[2]).vm()].add((StableItem) p[2]);
        hvs[(int) p[0]].onDurable((long) p[1]);
      }
    }

    @Override
    public void preload(StableItem item) {
      durable[item.vm()].add(item);
    }

    @Override
    public List<StableItem> durableItems(int vm) {
      return List.copyOf(durable[vm]);
    }

    @Override
    public void reclaim(int vm, int lineIndex) {}

    @Override
    public void discardFuture(int vm, int incarnation, int fromInterval) {}
  }
}
