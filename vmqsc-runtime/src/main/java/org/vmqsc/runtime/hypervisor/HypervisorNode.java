package org.vmqsc.runtime.hypervisor;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.io.IOException;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.protocol.VmView;
import org.vmqsc.core.protocol.VmqscHost;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.HostEnv;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.ProtocolRoles;
import org.vmqsc.core.spi.CostCounts;
import org.vmqsc.core.spi.Listeners;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.Transport;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.cluster.CostsWire;
import org.vmqsc.runtime.metrics.HostMetrics;
import org.vmqsc.runtime.metrics.MetricsEndpoint;
import org.vmqsc.runtime.proto.JoinRequest;
import org.vmqsc.runtime.proto.ManagerServiceGrpc;
import org.vmqsc.runtime.storage.FileStableStorage;
import org.vmqsc.runtime.storage.FileStorageConfig;
import org.vmqsc.runtime.time.Clock;
import org.vmqsc.runtime.time.Scheduler;
import org.vmqsc.runtime.transport.Endpoints;
import org.vmqsc.runtime.transport.PeerLinks;
import org.vmqsc.runtime.transport.PeerRelayServer;
import org.vmqsc.runtime.transport.RelayRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's hypervisor process: the cluster's protocol's {@link HostRole} (made by the one
 * registry, {@code ProtocolRegistry}, from {@link ClusterSpec#protocol()}) driven by real time
 * and the network. Everything else (loop, clock, guest timers, transport, storage, session) is
 * the same whatever the protocol, so that benchmarks compare protocols and nothing else.
 *
 * <p><b>One event loop owns the role.</b> Every event that touches it (a tick, a guest timer, a
 * peer's message, a completed stable write, a control record from the manager, a recovery phase,
 * an admin call) is a task on one single-threaded executor, so the role stays single-threaded as
 * it is in the simulator. gRPC handlers and the storage writer only enqueue.
 *
 * <p><b>Time.</b> The host's {@link Clock} (tests move one by hand) reaches index x at
 * {@code epoch + x·T0} (R1), the epoch fixed by the manager; every timer runs through its
 * {@link Scheduler}. Guests fire Poisson timers (D9) from a per-host seeded generator; a firing
 * whose peer's link is full is skipped, which pauses that guest until the link drains.
 *
 * <p><b>Restart.</b> A host that booted once leaves a marker in the cluster directory. When it
 * starts again it does not boot its VMs: it joins as {@code restarted}, waits with an empty core
 * for the manager's recovery (R9), and starts ticking once its VMs are rebuilt.
 *
 * <p><b>Recovery is atomic here (D11).</b> From the first recovery call the manager makes to
 * this host until the manager ends the recovery (EndRecovery), peer messages are held, ticks
 * deferred and guest timers skipped ({@link RecoveryHold}, with no time limit). Whatever the
 * protocol.
 */
public final class HypervisorNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HypervisorNode.class);
  /** The longest a relayed message waits for others to share its frame while the loop is busy. */
  static final long RELAY_LINGER_MICROS = 1000;

  final int host;
  final ClusterSpec spec;
  final Topology topo;
  final EventLoop loop;
  final Clock clock;
  final Scheduler timers;
  private final ClusterSecret secret;
  private org.vmqsc.runtime.auth.TlsIdentity tls; // mutual TLS: host-H's certificate
  private final GuestTraffic traffic;
  private final SplittableRandom rnd;
  /**
   * Where every VM runs, as the core last heard it (D14), published for the gRPC threads that
   * validate frames; replaced, never changed in place.
   */
  private volatile int[] placement;
  /** The VMs whose guest timers run here. Confined to the loop. */
  private final java.util.Set<Integer> timed = new java.util.TreeSet<>();
  private final GuestTimers guestTimers;
  private FileStableStorage storage;
  private PeerLinks links;
  private PeerRelayServer relay;
  private Server control;
  private ManagedChannel managerChannel;
  ManagerSession session; // package-private: tests report through it (HypervisorProbe)
  /** The highest manager term heard: a replica that lost the lead cannot drive this host. */
  final org.vmqsc.runtime.replica.TermFence fence;
  private final ProtocolListener listener;
  private final BootMarker bootMarker;
  final HypervisorJournal journal; // what this host saw its VMs go through (the runtime's checks)
  final CostCounts costs = new CostCounts(); // SPEC §6's costs, as the simulator counts them
  private final HostMetrics metrics; // docs/operations.md
  private final HealthStatusManager health = new HealthStatusManager();
  private int metricsPort = -1;
  private MetricsEndpoint metricsEndpoint;
  /** When the recovery this host holds for began (System.nanoTime), or 0. Confined to the loop. */
  private long holdSince;
  final ProtocolRoles protocol;
  HostRole role;

  // Confined to the loop.
  boolean restarted;
  boolean ready;
  boolean trafficOn = true;
  private final RecoveryHold hold = new RecoveryHold(this);
  private long epochMillis;
  private volatile boolean closed;
  private volatile boolean wasFenced;
  /** This process's join number, named on every session frame (a replaced one's are fenced). */
  volatile int joinNumber;

  public HypervisorNode(ClusterSpec spec, int host, ClusterSecret secret) {
    this(spec, host, secret, ProtocolListener.NONE);
  }

  /**
   * With a listener told what the protocol does (sends, deliveries, log records, checkpoints), on
   * the event loop: for benchmarks and tests; production runs use {@link ProtocolListener#NONE}.
   */
  public HypervisorNode(ClusterSpec spec, int host, ClusterSecret secret,
      ProtocolListener listener) {
    this(spec, host, secret, listener, Clock.system());
  }

  /** With the clock its timing decisions read (tests pass a {@code ManualClock}). */
  public HypervisorNode(ClusterSpec spec, int host, ClusterSecret secret,
      ProtocolListener listener, Clock clock) {
    if (host < 0 || host >= spec.topology().hosts()) {
      throw new IllegalArgumentException("host " + host + " is not in 0.." 
          + (spec.topology().hosts() - 1));
    }
    this.spec = spec;
    this.host = host;
    this.fence = new org.vmqsc.runtime.replica.TermFence("host " + host);
    this.protocol = spec.roles();
    this.topo = spec.topology();
    this.secret = secret;
    this.clock = clock;
    this.bootMarker = new BootMarker(spec.dir(), host);
    this.journal = new HypervisorJournal(host, clock::millis,
        v -> role == null ? null : role.look(v));
    this.metrics = new HostMetrics(host);
    this.listener = Listeners.of(List.of(listener, costs, journal, metrics));
    this.traffic = new GuestTraffic(spec.peerRates());
    this.rnd = new SplittableRandom(spec.seed() ^ (0x9E3779B97F4A7C15L * (host + 1)));
    this.placement = new int[topo.vms()];
    for (int v = 0; v < placement.length; v++) {
      placement[v] = topo.hostOf(v);
    }
    this.loop = new EventLoop("vmqsc-hv-loop-h" + host);
    this.timers = clock.on(loop);
    this.guestTimers = new GuestTimers(clock::millis, this::schedule,
        vm -> traffic.nextGapMillis(vm, rnd), this::onGuestTimer);
  }

  /** Starts the servers, boots (or waits for recovery), joins the manager and starts the clock. */
  public HypervisorNode start() throws IOException, InterruptedException {
    // First: missing TLS material is one line before anything is opened.
    tls = org.vmqsc.runtime.cluster.ClusterTls.identity(spec,
        org.vmqsc.runtime.cluster.ClusterTls.host(host));
    if (!protocol.recovers() && bootMarker.exists()) {
      // Restarted, it would wait for a recovery (R9) that this protocol does not perform.
      throw NoRecovery.restart(protocol.name(), host, bootMarker.path());
    }
    journal.open(spec.dir());
    storage = new FileStableStorage(FileStorageConfig.builder(spec.storageDir())
        .lazyDelayMillis(spec.lazyDelayMillis()).build(), spec.openStore(),
        (h, ticket) -> {
          if (!closed) {
            loop.execute(() -> role.onDurable(ticket));
          }
        },
        problem -> LOG.warn("host {} storage: {}", host, problem));
    storage.observe(metrics);
    Map<Integer, String> peers = new HashMap<>();
    for (int h = 0; h < topo.hosts(); h++) {
      if (h != host) {
        peers.put(h, spec.relayAddress(h));
      }
    }
    links = PeerLinks.builder(host, secret).tls(tls).peers(peers).hostOf(this::hostOf)
        .lingerMicros(RELAY_LINGER_MICROS).ackLatency(metrics::relayAcked).build();
    PeerLinks sending = links;
    loop.onIdle(sending::flush); // a burst's messages leave together (PeerLinks: batching)
    Transport transport = links::send;
    role = protocol.host(new HostEnv(host, new ProtocolContext(topo, Rules.ALL, transport, storage,
        listener, clock::millis), this::toManager));
    RelayRules rules = new RelayRules(host, topo.vms(), vm -> hostOf(vm) == host, this::hostOf);
    relay = PeerRelayServer.builder(rules, secret, this::onArrival).tls(tls)
        .bind(spec.hostBindHost(host), spec.relayPorts()[host]).delivery(loop).start();
    control = Endpoints.server(spec.hostBindHost(host), spec.controlPorts()[host], secret, tls,
            Endpoints.DEFAULT_MAX_FRAME_BYTES)
        .addService(new HypervisorControl(this)).addService(new HypervisorAdmin(this))
        .addService(health.getHealthService()).intercept(fence.refuseStaleCalls()).build()
        .start();
    // Announcements larger than a frame arrive in parts (AckParts): the usual limit holds.
    managerChannel = fence.watch(Endpoints.channel(spec.managerAddress(), secret, tls,
        Endpoints.DEFAULT_MAX_FRAME_BYTES));
    epochMillis = ManagerSession.fetchEpoch(managerChannel,
        spec.replicas() == null ? 30_000 : 90_000); // replicas elect a leader first
    restarted = bootMarker.exists();
    int clockIndex = indexAt(clock.millis());
    call(() -> {
      if (restarted) {
        // Empty until the manager's recovery rebuilds its VMs (R9).
        role.resumeAt(clockIndex);
      } else {
        role.boot(this::newGuest);
        bootMarker.write();
        // The relay server is up since before the epoch was fetched, so a peer that joined first
        // may already have sent to our VMs (held by onArrival() while !ready): deliver them now.
        LOG.info("host {}: {} messages arrived before boot", host,
            hold.heldCount());
        hold.release();
      }
    });
    joinNumber = join(JoinRequest.newBuilder().setHost(host)
        .setRelayAddress(spec.controlAddress(host)).setRestarted(restarted)
        .setClockIndex(clockIndex).build());
    session = new ManagerSession(this, managerChannel);
    session.open();
    scheduleTick(clockIndex + 1);
    call(this::startTimers);
    startMetrics();
    LOG.info("host {} up ({}), index {}", host,
        restarted ? "restarted, awaiting recovery" : "booted", clockIndex);
    return this;
  }

  /**
   * Serves this host's metrics and /healthz on {@link #metricsPort(int)}'s port (none when it
   * was not set), and says SERVING on the gRPC health service: the host has joined and ticks.
   */
  private void startMetrics() throws IOException {
    metrics.watch(new HostSources(this, storage, links, relay));
    if (metricsPort >= 0) {
      metricsEndpoint = MetricsEndpoint.start(spec.hostBindHost(host), metricsPort, metrics.registry(),
          this::healthProblem, "host " + host);
      LOG.info("host {} metrics on http://{}:{}/metrics", host,
          spec.hostBindHost(host), metricsEndpoint.port());
    }
    health.setStatus("", ServingStatus.SERVING);
  }

  /** Why this host is not healthy now (for /healthz), or null. */
  private String healthProblem() {
    if (closed) {
      return wasFenced ? "fenced by the manager" : "stopped";
    }
    String writes = storage.writeProblem(host);
    return writes == null ? null : "storage " + writes;
  }

  /**
   * The port to serve metrics and /healthz on (0: any free port), before {@link #start()}; by
   * default none is served (the meters are still kept, {@link #metrics()}).
   */
  public HypervisorNode metricsPort(int port) {
    this.metricsPort = port;
    return this;
  }

  /** The port metrics are served on, or -1 when none is. */
  public int servedMetricsPort() {
    return metricsEndpoint == null ? -1 : metricsEndpoint.port();
  }

  /** This host's meters. */
  public HostMetrics metrics() {
    return metrics;
  }

  /**
   * Joins, asking again while the manager cannot take the join now (it cannot save its state,
   * disk full; or it is busy or restarting): a host waits for its manager, it does not die of it.
   */
  private int join(JoinRequest req) throws InterruptedException {
    long backoff = 200;
    long saidAt = 0;
    while (true) {
      try {
        return ManagerServiceGrpc.newBlockingStub(managerChannel)
            .withDeadlineAfter(10, TimeUnit.SECONDS).join(req).getJoin();
      } catch (io.grpc.StatusRuntimeException e) {
        io.grpc.Status.Code code = e.getStatus().getCode();
        boolean stale = code == io.grpc.Status.Code.FAILED_PRECONDITION
            && String.valueOf(e.getStatus().getDescription())
                .startsWith(org.vmqsc.runtime.replica.TermFence.STALE); // the leader moved on
        if (closed || (code != io.grpc.Status.Code.UNAVAILABLE
            && code != io.grpc.Status.Code.DEADLINE_EXCEEDED && !stale)) {
          throw e;
        }
        long now = System.currentTimeMillis(); // for the log's rate only
        if (saidAt == 0 || now - saidAt >= 60_000) {
          saidAt = now;
          LOG.warn("host {}: the manager did not take its join ({}); asking "
              + "again, every 5 s at most", host, e.getStatus().getDescription());
        }
        Thread.sleep(backoff);
        backoff = Math.min(5000, backoff * 2);
      }
    }
  }

  private Guest newGuest(int vm) {
    return spec.guests().create(vm, new Ledger(topo.vms()));
  }

  int indexAt(long nowMillis) {
    return (int) Math.max(0, Math.floorDiv(nowMillis - epochMillis, spec.basePeriodMillis()));
  }

  // ---- events (all on the loop) ------------------------------------------------------------

  private void scheduleTick(int x) {
    long delay = epochMillis + x * spec.basePeriodMillis() - clock.millis();
    schedule(() -> {
      onTick(x);
      scheduleTick(Math.max(x, indexAt(clock.millis())) + 1);
    }, Math.max(0, delay));
  }

  /** {@code vmqsc checkpoint now}: the tick of index x now, ahead of the clock (loop only). */
  void tickNow(int x) {
    onTick(x);
  }

  private void onTick(int x) {
    if (hold.blocks()) {
      hold.deferTick(x);
      return;
    }
    role.onTick(x); // R1; a role reports to the manager from inside (toManager())
    if (role instanceof VmqscHost v) {
      long messages = 0;
      for (int vm : localVms()) {
        VmView view = v.hypervisor().view(vm);
        messages += view == null ? 0 : view.volatileLogSize();
      }
      metrics.volatileLog(messages);
    }
  }

  /** Where VM {@code vm} runs now, as this host knows it; any thread. */
  public int hostOf(int vm) {
    return placement[vm];
  }

  /** This host's VMs now; any thread. */
  int[] localVms() {
    int[] p = placement;
    return java.util.stream.IntStream.range(0, p.length).filter(v -> p[v] == host).toArray();
  }

  /**
   * VM_QSC's own view of one VM (checkpoints, logs) for status, or null under another protocol:
   * one of the few places that know the VM_QSC role by its class (its details have no common form).
   */
  VmView vmqscView(int vm) {
    return role instanceof VmqscHost v ? v.hypervisor().view(vm) : null;
  }

  /** What this host has done, for status (on the loop). */
  org.vmqsc.runtime.proto.Costs costs() {
    return CostsWire.of(costs.snapshot(), storage == null ? 0 : storage.bytesWritten());
  }

  /** This host's stable storage (status reads its write problem; tests inject faults). */
  FileStableStorage storage() {
    return storage;
  }

  /** How many log records of VM {@code vm} are on stable storage (for status). */
  int storedLogs(int vm) {
    return storage.storedLogs(vm);
  }

  /**
   * A VM_QSC recovery may tell this host VMs run elsewhere now (phase 2, D14): publish where (on
   * the loop). Other protocols never move a VM, so their placement stays the topology's.
   */
  void placementChanged() {
    if (role instanceof VmqscHost v) {
      placement = v.hypervisor().placement();
    }
  }

  /** Guest timers for this host's VMs that have none yet: at start, and for adopted VMs. */
  void startTimers() {
    for (int v : localVms()) {
      if (traffic.sends(v) && timed.add(v)) {
        guestTimers.start(v);
      }
    }
  }

  /** One guest timer's firing (GuestTimers); false when the VM's timers no longer run here. */
  private boolean onGuestTimer(int vm) {
    if (hostOf(vm) != host) {
      timed.remove(vm); // it moved to another host (D14): its timers run there now
      return false;
    }
    fireTimer(vm);
    return true;
  }

  private void fireTimer(int vm) {
    TimerFire fire = traffic.fire(vm, rnd);
    if (hold.blocks() || !trafficOn || !role.isUp(vm) || !role.accepting(vm)) {
      return; // the last: pessimistic logging pauses a guest whose log writes are far behind
    }
    int dest = hostOf(fire.peer());
    if (dest != host && !links.writable(dest)) {
      return; // flow control: the guest pauses while its peer's link is full
    }
    role.onTimer(vm, fire);
  }

  private void onArrival(Message m) {
    if (hold.blocks()) {
      hold.keep(m); // a recovery runs, or this restarted host's VMs are not rebuilt yet
      return;
    }
    role.onArrival(m);
  }

  private void toManager(Control c) {
    if (session != null) {
      session.send(c);
    }
  }

  /** A control record from the manager role, whole (on the loop). */
  void onControl(Control c) {
    if (!ready) {
      return; // a restarted host's role waits for the recovery; it learns the line from it
    }
    role.onControl(c);
  }

  /** A recovery's call came: hold everything until the manager ends the recovery (D11). */
  void hold() {
    if (holdSince == 0) {
      holdSince = System.nanoTime(); // for the metric only
    }
    hold.start();
  }

  /** The manager ended the recovery ({@link RecoveryHold#end}). */
  void endRecovery(boolean completed) {
    hold.end(completed);
    if (holdSince != 0 && !hold.blocks()) {
      metrics.recoveryHeld(System.nanoTime() - holdSince);
      holdSince = 0;
    }
  }

  void scheduleRestore(int vm) {
    HostRole r = role;
    schedule(() -> {
      if (r.look(vm) != null && !r.isUp(vm)) {
        long start = System.nanoTime();
        r.restoreVm(vm); // R9, VM failure: the protocol's restart (VM_QSC: local replay, D10)
        metrics.vmReplayed(System.nanoTime() - start);
        LOG.info("host {}: vm {} restored", host, vm);
        if (session != null) {
          session.vmEvent(org.vmqsc.runtime.proto.VmEvent.Kind.VM_RESTORED, vm);
        }
      }
    }, spec.vmRestartMillis());
  }

  private void schedule(Runnable task, long delayMillis) {
    if (closed || loop.isShutdown()) {
      return;
    }
    timers.after(delayMillis, () -> {
      if (closed) {
        return; // close() shuts links before the loop: a timer due meanwhile has nowhere to send
      }
      try {
        task.run();
      } catch (Throwable t) {
        LOG.error("host " + host + ": event failed", t);
      }
    });
  }

  /** Runs {@code task} on the loop and waits for it (start-up and tests only). */
  void call(Runnable task) throws InterruptedException {
    try {
      loop.submit(task).get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("host " + host + ": " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("host " + host + ": event loop stuck", e);
    }
  }

  public int host() {
    return host;
  }

  /**
   * The manager declared this host failed while it was still running (a partition or a pause
   * longer than the heartbeat timeout) and told it to stop: it stops as a crash would, and comes
   * back only by a restart, which the manager then recovers (R9).
   */
  void fenced() {
    LOG.error("host {}: the manager declared this host failed; stopping (restart "
        + "it to be recovered)", host);
    wasFenced = true;
    Thread t = new Thread(() -> {
      try {
        close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "vmqsc-hv-fenced-h" + host);
    t.start();
  }

  /** Whether this node stopped because the manager fenced it. */
  public boolean wasFenced() {
    return wasFenced;
  }

  /** Blocks until the process is told to stop (the CLI's foreground mode). */
  public void awaitTermination() throws InterruptedException {
    control.awaitTermination();
  }

  /** Stops the node as a crash would; a second call (a fenced node closed again) does nothing. */
  @Override
  public synchronized void close() throws InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    health.enterTerminalState();
    if (metricsEndpoint != null) {
      metricsEndpoint.close();
    }
    if (storage != null) {
      storage.halt(); // as a crash would: staged writes that are not durable are lost
    }
    if (session != null) {
      session.close();
    }
    if (control != null) {
      control.shutdownNow();
    }
    if (relay != null) {
      relay.close(); // before the loop stops: the relay hands its messages to the loop
    }
    if (links != null) {
      links.close();
    }
    if (managerChannel != null) {
      managerChannel.shutdownNow();
    }
    loop.shutdownNow();
    loop.awaitTermination(5, TimeUnit.SECONDS);
    journal.close();
    if (control != null) {
      control.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
