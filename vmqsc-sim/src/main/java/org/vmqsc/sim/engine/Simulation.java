package org.vmqsc.sim.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Digests;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.GuestFactory;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.protocol.Placement;
import org.vmqsc.core.spi.CostCounts;
import org.vmqsc.core.spi.Listeners;
import org.vmqsc.core.spi.Protocol;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.sim.Protocols;
import org.vmqsc.sim.SimListener;
import org.vmqsc.sim.SimOptions;
import org.vmqsc.sim.SimResult;
import org.vmqsc.sim.Violation;
import org.vmqsc.sim.oracle.Oracle;
import org.vmqsc.sim.scenario.AnalyticEta;
import org.vmqsc.sim.scenario.Deployment;
import org.vmqsc.sim.scenario.Scenario;

/**
 * One deterministic discrete-event run of a recovery protocol: the same scenario and seed give
 * the same run, event for event. It drives the protocol (VM_QSC or a baseline, behind
 * {@link Protocol}) with simulated clocks, network, lazy stable storage, Poisson traffic and
 * failures, and runs the oracle alongside.
 */
public final class Simulation {
  private final Scenario scenario;
  private final SimOptions options;
  private final EventQueue queue = new EventQueue();
  private final World world;
  private final Topology topo;
  private final SimStorage storage;
  private final Network network;
  private final Traffic traffic;
  private final GuestFactory guests;
  private final Metrics metrics;
  private final Oracle oracle;
  private final Protocol protocol;
  private final boolean[] alive;
  /** Where each VM runs now (relocation moves VMs, D14); the network reads it too. */
  private final Placement placement;
  /** Host h failed and its VMs wait for recovery (by restart or relocation). */
  private final boolean[] vmsAwaitRecovery;
  private final int[] lastTick;
  private final int[] restoreEpoch;
  private final long[] vmFailedAt;
  /** A VM a host recovery rolled back sends nothing until the recovery's phases are over. */
  private final long[] pausedUntil;
  private final HostRecoveries recoveries = new HostRecoveries();
  /** Control messages and recovery phases, at once or with the network's delay. */
  private final ControlNetwork control;
  private final SplittableRandom trafficRnd;
  /** When the run ends: after the traffic, the drain (longer while messages are in flight). */
  private final Drain drain;
  private double nextTraffic;
  /** No guest timer fires from here on: the scenario's duration, or earlier if a driver says. */
  private long trafficEnd;
  private long now;
  private long events;
  private long vmFailures;
  private long hostFailures;
  private long hostFailuresPending;
  private long traceDigest;
  private Violation crash;
  private final SimListener observer;

  public Simulation(Scenario s, SimOptions o) {
    HeapEstimate.require(s, o.oracle(), Runtime.getRuntime().maxMemory());
    this.scenario = s;
    this.options = o;
    SplittableRandom root = new SplittableRandom(s.seed());
    this.world = new World(s, root.split());
    this.topo = world.topology;
    int hosts = s.hosts();
    this.storage = new SimStorage(queue, hosts, topo.vms(), s.storage().bandwidthBytesPerSecond(),
        s.storage().lazyDelayMillis());
    // Its own generator, so that worlds without damage draw exactly as before.
    storage.damage(s.storage().damage(), new SplittableRandom(s.seed() ^ 0x5EEDDA6AL));
    storage.damageLogs(s.storage().logDamage(), new SplittableRandom(s.seed() ^ 0x5EED1065L));
    this.placement = new Placement(topo);
    this.network = new Network(s.network(), root.split(), queue, this::arrive, hosts,
        placement::hostOf);
    this.traffic = new Traffic(s, world.firstVmOfGroup);
    this.guests = Deployment.guests(s);
    this.metrics = new Metrics(() -> now, topo.vms());
    boolean bank = s.workload().kind() == Scenario.Workload.Kind.BANK;
    long money = bank ? s.workload().initialBalance() * topo.vms() : -1;
    this.oracle = o.oracle() ? new Oracle(s.seed(), topo, world.driftOrDelay, money, () -> now)
        : null;
    List<ProtocolListener> listeners = new ArrayList<>(List.of(metrics));
    if (oracle != null) {
      listeners.add(oracle);
    }
    this.observer = o.listener() != null ? o.listener() : new SimListener() {};
    observer.clock(() -> now);
    if (o.listener() != null) {
      listeners.add(observer);
    }
    ProtocolListener listener = Listeners.of(listeners);
    Protocols.requireRunnable(o.protocol(), s);
    this.control = ControlNetwork.of(o.controlDelay(), s, queue, storage);
    this.protocol = Protocols.create(o.protocol(), new ProtocolContext(topo, o.rules(), network,
        storage, listener, () -> now), control);
    if (oracle != null) {
      oracle.watch(protocol::guest);
      oracle.exempt(protocol.exemptFrom());
    }
    if (s.recovery().relocates() && !protocol.relocates()) {
      // bad input, not a bug: the scenario asks what this protocol cannot do (exit 2)
      throw new org.vmqsc.sim.scenario.ScenarioException(s.name(), "recovery.relocateAfter",
          protocol.name() + " cannot restart VMs on another host");
    }
    this.alive = new boolean[hosts];
    java.util.Arrays.fill(alive, true);
    this.vmsAwaitRecovery = new boolean[hosts];
    this.lastTick = new int[hosts];
    this.restoreEpoch = new int[topo.vms()];
    this.vmFailedAt = new long[topo.vms()];
    this.pausedUntil = new long[topo.vms()];
    this.trafficRnd = root.split();
    this.drain = new Drain(s, topo, () -> oracle == null ? -1 : oracle.unsettledReceipts());
    this.trafficEnd = s.durationMillis();
    FailurePlan.schedule(s, root.split(), queue);
  }

  public SimResult run() {
    start();
    advanceTo(Long.MAX_VALUE); // to the end of the run, which the drain may move later
    return finish();
  }

  // ---- driven step by step (the recovery stories' ClusterDriver) ------------------------------

  /**
   * Runs every event up to simulated time {@code until} (at most the end of the run), then stands
   * at that time, so that what a driver does next happens then. A broken invariant stops the run:
   * {@link #finish} reports it.
   */
  public void advanceTo(long until) {
    long progressStep = Math.max(1, drain.end() / 200);
    long nextProgress = now + progressStep;
    Event e;
    while (crash == null && (e = queue.peek()) != null && e.time <= Math.min(until, drain.end())) {
      queue.poll();
      now = e.time;
      storage.setNow(now);
      network.setNow(now);
      control.setNow(now);
      events++;
      traceDigest = Digests.mix(traceDigest,
          e.time * 31 + e.kind.ordinal() * 7919L + e.a * 104729L + e.b);
      try {
        dispatch(e);
      } catch (RuntimeException broken) {
        crash = Violation.thrown(broken, scenario.seed(), now);
      }
      if (options.progress() != null && now >= nextProgress) {
        options.progress().at(now, drain.end());
        nextProgress = now + progressStep;
      }
    }
    if (crash == null) {
      now = Math.max(now, Math.min(until, drain.end()));
    }
  }

  /** Ends the run where it stands: the oracle's end-of-run checks (P2, P6), then the result. */
  public SimResult finish() {
    if (crash != null) {
      return result();
    }
    if (oracle != null) {
      oracle.atEnd();
    }
    return result();
  }

  /** Simulated milliseconds since the start. */
  public long now() {
    return now;
  }

  /** Time enough, after traffic stops, for every message and recovery in progress to land. */
  public long drainMillis() {
    return Drain.millis(scenario, topo);
  }

  /** VM {@code vm} crashes now (nothing happens if it is down or traffic has ended). */
  public void failVmNow(int vm) {
    failVm(vm);
  }

  /** Host {@code host} crashes now; the scenario's recovery delays decide when it is back. */
  public void failHostNow(int host) {
    failHost(host);
  }

  /** The checkpoint VM {@code vm} stands on in the durable line is found damaged (D15). */
  public boolean damageCheckpointOfDurableLine(int vm) {
    return storage.damageNewest(vm, protocol.durableLine());
  }

  /** No guest sends from now on; what is in flight still lands. */
  public void stopTraffic() {
    trafficEnd = Math.min(trafficEnd, now);
  }

  /** The host VM {@code vm} runs on now (relocation moves VMs, D14). */
  public int hostOf(int vm) {
    return placement.hostOf(vm);
  }

  /** Writes host {@code host} has staged and not yet completed (R10). */
  public int pendingWrites(int host) {
    return storage.pendingWrites(host);
  }

  public boolean hostAlive(int host) {
    return alive[host];
  }

  /** Whether VM {@code vm} runs now (its host alive and the VM up). */
  public boolean vmUp(int vm) {
    return alive[placement.hostOf(vm)] && protocol.isUp(vm);
  }

  /** A VM's live guest (its state and ledger), or null while it is down. */
  public Guest guest(int vm) {
    return vmUp(vm) ? protocol.guest(vm) : null;
  }

  public int durableLine() {
    return protocol.durableLine();
  }

  /** Host recoveries so far (restarts and relocations), oldest first. */
  public List<SimResult.HostRecoveryRecord> recoveries() {
    return recoveries.records();
  }

  /** Boots every VM and puts the first ticks, traffic and the end of traffic on the schedule. */
  public void start() {
    protocol.boot(this::newGuest);
    for (int h = 0; h < topo.hosts(); h++) {
      queue.schedule(world.clocks[h].tickTime(1), Event.Kind.TICK, h, 1, null);
    }
    queue.schedule(managerTickTime(1), Event.Kind.MANAGER_TICK, 0, 1, null);
    scheduleTraffic();
    queue.schedule(scenario.durationMillis(), Event.Kind.DRAIN, 0, 0, null);
  }

  private Guest newGuest(int v) {
    return guests.create(v, oracle == null ? null : new Ledger(topo.vms()));
  }

  private void dispatch(Event e) {
    switch (e.kind) {
      case TIMER -> traffic();
      case TICK -> tick(e.a, (int) e.b);
      case MANAGER_TICK -> managerTick((int) e.b);
      case ARRIVAL -> arrive(e.a, (Message) e.payload);
      case WRITE_DONE -> writeDone(e.a, e.b);
      case VM_FAIL -> failVm(e.a);
      case VM_RESTORE -> restoreVm(e.a, (int) e.b);
      case HOST_FAIL -> failHost(e.a);
      case HOST_RECOVER -> hostBack(e.a);
      case HOST_RELOCATE -> relocate(e.a);
      case CONTROL -> ((Runnable) e.payload).run();
      case DRAIN -> { }
      default -> throw new IllegalStateException(e.kind.toString());
    }
  }

  // ---- traffic, clocks, network, storage ----------------------------------------------------

  private void scheduleTraffic() {
    double gap = traffic.nextSystemGap(trafficRnd);
    if (gap < 0) {
      return;
    }
    nextTraffic += gap;
    if (nextTraffic < trafficEnd) {
      queue.schedule((long) nextTraffic, Event.Kind.TIMER, 0, 0, null);
    }
  }

  /** A guest timer fires somewhere (a send of the Poisson traffic); a VM that is down misses it. */
  private void traffic() {
    if (now >= trafficEnd) {
      return; // traffic was stopped after this timer was scheduled
    }
    int v = traffic.pickSender(trafficRnd);
    TimerFire fire = traffic.fire(v, trafficRnd);
    if (alive[placement.hostOf(v)] && protocol.isUp(v) && now >= pausedUntil[v]) {
      protocol.onTimer(v, fire);
    }
    scheduleTraffic();
  }

  private void tick(int h, int x) {
    lastTick[h] = x;
    if (alive[h]) {
      protocol.onTick(h, x);
    }
    long next = world.clocks[h].tickTime(x + 1);
    if (drain.runsAt(next)) {
      queue.schedule(next, Event.Kind.TICK, h, x + 1, null);
    }
  }

  /**
   * The manager's clock ticks half a period after the hosts' (x+½)·T0: every host's report of
   * period x is in by then (skew is much smaller than T0, R2), so what the manager relays reaches
   * each hypervisor before its next report.
   */
  private long managerTickTime(int x) {
    return x * scenario.basePeriodMillis() + scenario.basePeriodMillis() / 2;
  }

  private void managerTick(int x) {
    protocol.onManagerTick(x);
    metrics.sampleLag(protocol.takenLine(), protocol.durableLine());
    long next = managerTickTime(x + 1);
    if (drain.runsAt(next)) {
      queue.schedule(next, Event.Kind.MANAGER_TICK, 0, x + 1, null);
    }
  }

  private void arrive(int destHost, Message m) {
    if (alive[destHost]) {
      protocol.onArrival(destHost, m);
    }
  }

  private void writeDone(int h, long epoch) {
    long ticket = storage.complete(h, epoch);
    if (ticket >= 0 && alive[h]) {
      protocol.onDurable(h, ticket);
    }
  }

  // ---- failures (R9) -----------------------------------------------------------------------

  private void failVm(int v) {
    int h = placement.hostOf(v);
    if (now >= scenario.durationMillis() || !alive[h] || !protocol.isUp(v)) {
      return;
    }
    vmFailures++;
    if (oracle != null) {
      oracle.vmFailed(v, protocol.guest(v));
    }
    protocol.failVm(v);
    observer.vmFailed(v);
    vmFailedAt[v] = now;
    restoreEpoch[v]++;
    queue.schedule(now + scenario.recovery().vmRestartMillis(), Event.Kind.VM_RESTORE, v,
        restoreEpoch[v], null);
  }

  private void restoreVm(int v, int epoch) {
    int h = placement.hostOf(v);
    if (epoch != restoreEpoch[v] || !alive[h] || protocol.isUp(v)) {
      return;
    }
    metrics.failureAt(vmFailedAt[v]);
    protocol.restoreVm(v);
    observer.vmRestored(v);
    recoveries.vmRestored(vmFailedAt[v], now);
  }

  private void failHost(int h) {
    if (now >= scenario.durationMillis() || !alive[h]) {
      return;
    }
    hostFailures++;
    if (storage.pendingWrites(h) > 0) {
      hostFailuresPending++;
    }
    recoveries.hostDown(now, protocol.takenLine());
    alive[h] = false;
    vmsAwaitRecovery[h] = true;
    protocol.failHost(h);
    observer.hostFailed(h);
    storage.hostFailed(h);
    for (int v : placement.vmsOn(h)) {
      restoreEpoch[v]++;
    }
    Scenario.Recovery r = scenario.recovery();
    queue.schedule(now + r.hostDetectMillis() + r.hostRestartMillis(), Event.Kind.HOST_RECOVER, h,
        0, null);
    if (r.relocates()) {
      queue.schedule(now + r.hostDetectMillis() + r.relocateAfterMillis(),
          Event.Kind.HOST_RELOCATE, h, 0, null);
    }
  }

  /** Host h is back: it takes up its VMs, unless they were relocated and it rejoins empty. */
  private void hostBack(int h) {
    if (alive[h]) {
      return;
    }
    if (vmsAwaitRecovery[h]) {
      recoverHosts();
      return;
    }
    alive[h] = true;
    protocol.rejoinHost(h, lastTick[h]);
  }

  /** Every host whose VMs await recovery comes back, and the manager recovers them together. */
  private void recoverHosts() {
    Set<Integer> failed = awaitingRecovery();
    if (failed.isEmpty()) {
      return;
    }
    for (int h : failed) {
      alive[h] = true;
      vmsAwaitRecovery[h] = false;
    }
    control.beginRecovery();
    recovered(failed, protocol.recoverHosts(failed, lastTick.clone()), false);
  }

  /** D14: host h has been down too long; the VMs of every host still down go to live hosts. */
  private void relocate(int h) {
    if (alive[h] || !vmsAwaitRecovery[h]) {
      return;
    }
    Set<Integer> failed = awaitingRecovery();
    Map<Integer, Integer> moves = placement.relocationTargets(failed, g -> alive[g]);
    if (moves.isEmpty()) {
      return; // nowhere to go: they wait for a host to come back
    }
    failed.forEach(g -> vmsAwaitRecovery[g] = false);
    control.beginRecovery();
    org.vmqsc.core.role.Recovery plan = protocol.relocateHosts(failed, moves, lastTick.clone());
    moves.forEach(placement::move);
    recovered(failed, plan, true);
  }

  private Set<Integer> awaitingRecovery() {
    Set<Integer> failed = new TreeSet<>();
    for (int h = 0; h < alive.length; h++) {
      if (vmsAwaitRecovery[h]) {
        failed.add(h);
      }
    }
    return failed;
  }

  /**
   * The recovery's effects are in place at once (its phases are synchronous calls); under
   * network control its VMs rolled back stay paused until its phases would be over.
   */
  private void recovered(Set<Integer> failed, org.vmqsc.core.role.Recovery plan, boolean relocated) {
    long phases = control.endRecovery();
    metrics.failureAt(recoveries.firstDownAt());
    observer.hostsRecovered(failed, plan);
    recoveries.hostsRecovered(now, phases, failed, plan, relocated);
    for (int v : plan.rolledBack()) {
      restoreEpoch[v]++; // a pending VM restart is superseded by the host recovery
      pausedUntil[v] = now + phases;
    }
    if (oracle != null) {
      oracle.afterRecovery(plan.rolledBack());
    }
  }

  private SimResult result() {
    List<Violation> violations = oracle == null ? new ArrayList<>()
        : new ArrayList<>(oracle.violations());
    if (crash != null) {
      violations.add(crash);
    }
    CostCounts.Snapshot c = metrics.costs();
    return new SimResult(new SimResult.Run(scenario.name(), protocol.name(), scenario.seed(),
            drain.end(), events, traceDigest),
        new SimResult.Logging(c.delivered(), c.stableR6(), c.stableR8(), c.stableOther(),
            AnalyticEta.of(scenario).eta()),
        new SimResult.Checkpoints(c.basicCheckpoints(), c.forcedCheckpoints()),
        new SimResult.Costs(c.controlMessages(), storage.bytesWritten, storage.peakBytesHeld,
            protocol.blockedVmMillis() / 1000.0, metrics.lagSum, metrics.lagSamples),
        new SimResult.Failures(vmFailures, hostFailures, hostFailuresPending,
            metrics.rollbackEvents, metrics.rolledBack, metrics.workLostMillis / 1000.0,
            recoveries.millisTotal(), recoveries.records()),
        violations);
  }
}
