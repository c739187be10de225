package org.vmqsc.runtime.manager;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.protocol.VmqscManager;
import org.vmqsc.core.role.ManagerEnv;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.ProtocolRoles;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.metrics.ManagerMetrics;
import org.vmqsc.runtime.metrics.MetricsEndpoint;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.JoinRequest;
import org.vmqsc.runtime.proto.JoinResponse;
import org.vmqsc.runtime.proto.SessionDown;
import org.vmqsc.runtime.proto.SessionUp;
import org.vmqsc.runtime.storage.FileStableStorage;
import org.vmqsc.runtime.storage.FileStorageConfig;
import org.vmqsc.runtime.time.Clock;
import org.vmqsc.runtime.time.Scheduler;
import org.vmqsc.runtime.transport.AckParts;
import org.vmqsc.runtime.transport.ControlWire;
import org.vmqsc.runtime.transport.Endpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager process: the cluster's protocol's {@link ManagerRole} (made by the one registry
 * from {@link ClusterSpec#protocol()}; VM_QSC's keeps the lines, R4, relays acks in
 * announcements, D2, and recovers hosts, R9), driven by the hypervisors' sessions and by its own
 * period, all on one event loop.
 *
 * <p><b>Liveness.</b> A host is failed when its session breaks or falls silent for the heartbeat
 * timeout. When a failed host's hypervisor joins again as restarted, and no other failed host is
 * still missing (D11: hosts down together recover together), the manager role recovers it: its
 * phases are calls over {@link RemoteHostCalls}, on this loop, so reports and announcements wait
 * meanwhile, and each hypervisor holds its own traffic from phase 2 to its last phase.
 *
 * <p><b>Durability.</b> After every event that changed it, the manager's state (epoch, joined
 * hosts; for VM_QSC lines, incarnations, rollback history) is written atomically
 * ({@link ManagerStateFile}); a restarted manager process reloads it and carries on.
 *
 * <p><b>VM_QSC by name.</b> Persistence, relocation targets, handing held acks over before phase
 * 5 and the incarnations in status read VM_QSC's manager role ({@link VmqscManager}) through
 * {@code instanceof}: no other protocol has these, and they have no common form.
 *
 * <p><b>Time.</b> Every timing decision (the tick, silence, relocation, the grace a restarted
 * manager grants) reads its {@link Clock}, and its timers run through the clock's
 * {@link Scheduler}: the wall clock in production, a hand-moved one in tests.
 */
public final class ManagerNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagerNode.class);
  static final long EPOCH_LEAD_MILLIS = 1000;
  static final long LIVENESS_CHECK_MILLIS = 100;

  final ClusterSpec spec;
  final Topology topo;
  final ScheduledExecutorService loop;
  final Clock clock;
  private final Scheduler timers;
  private final ClusterSecret secret;
  /** Mutual TLS: this manager's certificate (replica 0 until the manager is replicated). */
  private org.vmqsc.runtime.auth.TlsIdentity tls;
  private final Path stateFile;
  /** Where the state is kept: {@link #stateFile} unless {@link #store(ManagerStore)} said else. */
  private ManagerStore store;
  /**
   * The Ratis term this manager leads in (0: not replicated). Every call it makes to a host and
   * every answer it gives carries it, and a hypervisor refuses a lower term than it has seen
   * ({@code replica.TermFence}): a leader that lost its place cannot drive hosts.
   */
  private long term;
  /** The Ratis group as this leader's replica sees it, for status (empty: not replicated). */
  java.util.function.Supplier<java.util.List<org.vmqsc.runtime.proto.ManagerReplicaInfo>>
      replicas = java.util.List::of;
  /** Told once when this node stops because its state could not be kept (replicated only). */
  private Runnable onLost = () -> {};
  private FileStableStorage storage;
  /** The storage the role sees: reclaims off the loop (they held it for seconds at 1,000 VMs). */
  private BackgroundReclaim roleStorage;
  /** SPEC §6's costs of the manager's part (reports, announcements, recovery phases). */
  private final org.vmqsc.core.spi.CostCounts costs = new org.vmqsc.core.spi.CostCounts();
  final ProtocolRoles protocol;
  ManagerRole role;
  final RemoteHostCalls calls = new RemoteHostCalls(this::takesPart, this::channel);
  private final Downlink downlink;
  final HostEntry[] hosts;
  private final ManagedChannel[] channels;
  long epochMillis;
  final RecoveryDriver recovery = new RecoveryDriver(this);
  private String savedState = "";
  /** Why the state file cannot be written now (disk full, I/O error), or null. */
  private volatile String stateProblem;
  private long stateProblemLoggedAt;
  private Server server;
  private volatile boolean closed;
  final ManagerMetrics metrics; // docs/operations.md
  private final HealthStatusManager health = new HealthStatusManager();
  private int metricsPort = -1;
  private MetricsEndpoint metricsEndpoint;
  /** What happened, for {@code vmqsc events}; opened by {@link #start}, loop only. */
  EventLog events;

  public ManagerNode(ClusterSpec spec, ClusterSecret secret) {
    this(spec, secret, Clock.system());
  }

  /** With the clock its timing decisions read (tests pass a {@code ManualClock}). */
  public ManagerNode(ClusterSpec spec, ClusterSecret secret, Clock clock) {
    this.spec = spec;
    this.clock = clock;
    this.protocol = spec.roles();
    this.topo = spec.topology();
    this.secret = secret;
    this.stateFile = spec.dir().resolve(ManagerStateFile.FILE_NAME);
    this.hosts = new HostEntry[topo.hosts()];
    this.channels = new ManagedChannel[topo.hosts()];
    for (int h = 0; h < hosts.length; h++) {
      hosts[h] = new HostEntry();
    }
    this.downlink = new Downlink(hosts, this::failed);
    this.metrics = new ManagerMetrics(topo.hosts());
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vmqsc-manager-loop");
      t.setDaemon(true);
      return t;
    });
    this.timers = clock.on(loop);
  }

  /**
   * Keeps the state in {@code s} instead of the cluster directory's file (before {@link #start()});
   * the node closes {@code s} when it closes.
   */
  public ManagerNode store(ManagerStore s) {
    this.store = s;
    return this;
  }

  /** The Ratis term this node leads in (before {@link #start()}); see {@link #term}. */
  public ManagerNode term(long t) {
    this.term = t;
    return this;
  }

  /** What status says of the manager's replicas (before {@link #start()}; replicated only). */
  public ManagerNode replicas(
      java.util.function.Supplier<java.util.List<org.vmqsc.runtime.proto.ManagerReplicaInfo>> r) {
    this.replicas = r;
    return this;
  }

  /** The term this node stamps on what it sends (0: not replicated). */
  public long term() {
    return term;
  }

  public ManagerNode start() throws IOException {
    if (store == null) {
      store = new FileManagerStore(stateFile);
    }
    // Missing TLS material is one line before anything is opened.
    tls = org.vmqsc.runtime.cluster.ClusterTls.identity(spec,
        org.vmqsc.runtime.cluster.ClusterTls.manager(spec.replicaId()));
    storage = new FileStableStorage(FileStorageConfig.builder(spec.storageDir()).build(),
        spec.openStore(), (h, t) -> {}, problem -> LOG.warn("manager storage: {}", problem));
    roleStorage = new BackgroundReclaim(storage);
    events = EventLog.open(spec.dir().resolve(EventLog.FILE_NAME));
    role = protocol.manager(new ManagerEnv(new ProtocolContext(topo, Rules.ALL, (h, m) -> {
      throw new IllegalStateException("the manager relays no VM messages");
    }, roleStorage, costs, clock::millis), downlink, calls));
    if (role instanceof VmqscManager v) {
      v.recovery().onPlanned(plan -> persist()); // durable before any host is told of it
    }
    loadOrCreateState();
    server = Endpoints.server(spec.managerBindHost(), spec.managerPort(), secret, tls,
            Endpoints.DEFAULT_MAX_FRAME_BYTES) // large reports arrive in parts (AckParts)
        .addService(new ManagerService(this)).addService(new ManagerAdmin(this))
        .addService(health.getHealthService())
        .intercept(org.vmqsc.runtime.replica.ManagerTerm.stampAnswers(term)).build().start();
    long firstTick = Math.max(0, indexAt(clock.millis()) + 1);
    // Mid-period: the hosts' reports for tick x are in before the announcement (D2).
    long first = epochMillis + firstTick * spec.basePeriodMillis() + spec.basePeriodMillis() / 2;
    timers.atFixedRate(Math.max(0, first - clock.millis()), spec.basePeriodMillis(),
        () -> guarded(() -> {
          // An announcement tells the hosts a line they may prune below: it goes out only once
          // the state that decided it is on disk (a restarted manager must not know less).
          persist();
          role.onTick(indexAt(clock.millis()));
        }));
    timers.withFixedDelay(LIVENESS_CHECK_MILLIS, LIVENESS_CHECK_MILLIS,
        () -> guarded(this::checkLiveness));
    startMetrics();
    LOG.info("manager up on {}, epoch {}", spec.managerAddress(), epochMillis);
    return this;
  }

  /**
   * Serves the manager's metrics and /healthz on {@link #metricsPort(int)}'s port (none when it
   * was not set), and says SERVING on the gRPC health service.
   */
  private void startMetrics() throws IOException {
    loop.execute(this::publishMetrics); // before the first scrape can come
    if (metricsPort >= 0) {
      metricsEndpoint = MetricsEndpoint.start(spec.managerBindHost(), metricsPort, metrics.registry(),
          () -> closed ? "stopped" : stateProblem, "manager");
      Dashboard.mount(this, metricsEndpoint); // its page at / (docs/operations.md "Dashboard")
      LOG.info("manager metrics on http://{}:{}/metrics", spec.managerBindHost(),
          metricsEndpoint.port());
    }
    health.setStatus("", ServingStatus.SERVING);
  }

  /** The lines and each host's liveness, as the loop holds them, for scrapes (on the loop). */
  private void publishMetrics() {
    metrics.lines(role.takenLine(), role.durableLine());
    for (int h = 0; h < hosts.length; h++) {
      metrics.hostUp(h, hosts[h].alive);
    }
  }

  /**
   * The port to serve metrics and /healthz on (0: any free port), before {@link #start()}; by
   * default none is served (the meters are still kept, {@link #metrics()}).
   */
  public ManagerNode metricsPort(int port) {
    this.metricsPort = port;
    return this;
  }

  /** The port metrics are served on, or -1 when none is. */
  public int servedMetricsPort() {
    return metricsEndpoint == null ? -1 : metricsEndpoint.port();
  }

  /** The manager's meters. */
  public ManagerMetrics metrics() {
    return metrics;
  }

  private void loadOrCreateState() throws IOException {
    String kept = store.load();
    if (kept != null) {
      ManagerStateFile s = ManagerStateFile.decode(kept, store.where(), topo.vms());
      epochMillis = s.epochMillis();
      s.restoreInto(role);
      long now = clock.millis();
      for (int h = 0; h < Math.min(hosts.length, s.joins().length); h++) {
        hosts[h].joins = s.joins()[h]; // what restart host counts on
      }
      for (int h : s.joined()) {
        HostEntry e = hosts[h];
        e.joinedEver = true;
        // A restarted host still waits for its recovery; any other is alive until its session
        // stays silent for the timeout.
        e.awaitingRecovery = s.awaiting().contains(h);
        e.alive = !e.awaitingRecovery;
        // Its session has to find this new process first: give it one more timeout's grace
        // before silence counts, rather than fence a host for the manager's own restart.
        e.lastHeard = now + spec.heartbeatTimeoutMillis();
      }
      LOG.info("manager state reloaded: durable line {}", role.durableLine());
      if (!(role instanceof VmqscManager v && v.recovery().pending() != null)) {
        Set<Integer> joined = s.joined();
        loop.execute(() -> calls.releaseAfterRestart(joined)); // before any timer of this loop
      }
    } else {
      epochMillis = clock.millis() + EPOCH_LEAD_MILLIS;
    }
    persist();
  }

  int indexAt(long nowMillis) {
    return (int) Math.floorDiv(nowMillis - epochMillis, spec.basePeriodMillis());
  }

  /** Writes the manager's state durably if it changed since the last write. */
  void persist() {
    Set<Integer> joined = new TreeSet<>();
    Set<Integer> awaiting = new TreeSet<>();
    int[] joins = new int[hosts.length];
    for (int h = 0; h < hosts.length; h++) {
      if (hosts[h].joinedEver) {
        joined.add(h);
      }
      if (hosts[h].awaitingRecovery) {
        awaiting.add(h);
      }
      joins[h] = hosts[h].joins;
    }
    ManagerStateFile s = ManagerStateFile.of(epochMillis, role, joined, joins, awaiting);
    String text = s.encode();
    if (text.equals(savedState)) {
      return;
    }
    try {
      store.save(text);
      savedState = text;
    } catch (IOException e) {
      throw stateNotSaved(e);
    }
    if (stateProblem != null) {
      LOG.info("manager state saved again to {}: lines and recoveries go on",
          store.where());
      stateProblem = null;
    }
  }

  /** Said once a minute at most: a full disk makes every event of the loop fail alike. */
  private StateNotSaved stateNotSaved(IOException e) {
    long now = clock.millis();
    boolean first = stateProblem == null;
    stateProblem = "cannot save manager state to " + store.where() + " (" + e + "); lines and "
        + "recoveries wait until it can";
    if (e instanceof ManagerStore.Lost) {
      // A replica that could not replicate its state is no longer the one to act on it: it
      // stops at once, and the next leader carries on from what was committed.
      LOG.warn("{}; this manager stops", stateProblem);
      onLost.run();
    }
    if (first || now - stateProblemLoggedAt >= 60_000) {
      stateProblemLoggedAt = now;
      LOG.warn(stateProblem);
    }
    return new StateNotSaved(stateProblem, e);
  }

  /** Why the manager's state cannot be saved now, or null. */
  String stateProblem() {
    return stateProblem;
  }

  /**
   * The manager's state could not be written (disk full, I/O error). The event that needed it
   * stops there: nothing it decided is told to anyone (a recovery plan, a join, an announcement)
   * until a later write succeeds. Transient: the loop goes on and tries again.
   */
  static final class StateNotSaved extends UncheckedIOException {
    StateNotSaved(String message, IOException cause) {
      super(message, cause);
    }
  }

  // ---- events (on the loop) -----------------------------------------------------------------

  JoinResponse onJoin(JoinRequest req) {
    HostEntry e = hosts[req.getHost()];
    HostEntry.Liveness before = e.liveness();
    try {
      return join(req, e);
    } catch (StateNotSaved notSaved) {
      // Refused: the entry stays as it was, so no recovery starts for a join the host was
      // never told of (and a restarted manager would not know of).
      e.restore(before);
      throw notSaved;
    }
  }

  private JoinResponse join(JoinRequest req, HostEntry e) {
    e.address = req.getRelayAddress();
    e.joins++;
    // Silence counts from the join plus one timeout: the host opens its session only after the
    // join returns, which on a cold, loaded JVM has taken seconds (hosts fenced while starting).
    e.lastHeard = clock.millis() + spec.heartbeatTimeoutMillis();
    if (req.getRestarted()) {
      if (e.alive) {
        LOG.warn("host {} restarted before its failure was noticed", req.getHost());
      }
      e.alive = false;
      e.awaitingRecovery = true;
      recovery.operatorActed();
      e.down = null; // the old process's session: nothing the new one is told may go there
      e.pendingControls.clear();
      dropChannel(req.getHost()); // its address may be the same, its server is new
    } else {
      e.alive = true;
    }
    e.joinedEver = true;
    persist();
    LOG.info("host {} joined{}", req.getHost(),
        req.getRestarted() ? " (restarted: awaiting recovery)" : "");
    event(req.getRestarted() ? EventLog.Kind.HOST_RESTARTED : EventLog.Kind.HOST_JOINED,
        req.getHost(), -1, -1, "host " + req.getHost() + (req.getRestarted()
            ? " restarted: awaiting recovery" : " joined") + " from " + e.address);
    JoinResponse.Builder b = JoinResponse.newBuilder().setHosts(topo.hosts()).setVms(topo.vms())
        .setDurableLine(role.durableLine()).setJoin(e.joins);
    for (int h = 0; h < topo.hosts(); h++) {
      b.putPeers(h, spec.relayAddress(h));
    }
    return b.build();
  }

  /**
   * A frame of a host's session. One that names an older join than the host's last was sent by
   * the process that join replaced, however late it comes (a stream it opened before, or after):
   * it is told to stop and never becomes the host's session (the announcements after the new
   * process's recovery would go to it, fail, and get the new process declared failed).
   */
  void onSessionUp(int host, SessionUp up, StreamObserver<SessionDown> down) {
    HostEntry e = hosts[host];
    boolean replaced = up.getJoin() != 0 && up.getJoin() < e.joins;
    if ((!e.alive && !e.awaitingRecovery && e.joinedEver) || replaced) {
      fence(host, down);
      return;
    }
    e.down = down;
    if (!e.pendingControls.isEmpty()) {
      downlink.flush(host);
    }
    e.lastHeard = clock.millis();
    if (up.hasVmEvent()) {
      vmEvent(host, up.getVmEvent());
    }
    if (up.hasControl() && e.alive) {
      role.onControl(host, ControlWire.fromProto(up.getControl())); // VM_QSC: R4, acks (D2)
      persist();
    }
  }

  void onSessionBroken(int host, StreamObserver<SessionDown> down) {
    HostEntry e = hosts[host];
    if (e.down == down) {
      e.down = null;
      failed(host, "session broken");
    }
  }

  /**
   * A host declared failed is still running (its session broke or fell silent, its process did
   * not die). The manager has stopped relaying its acknowledgements and may already have moved
   * its VMs (D14), so it must not carry on as if nothing happened: it is told to stop, and comes
   * back the way a crashed host does, restarted and recovered (R9). Until it stops, incarnations
   * fence whatever it still sends or writes (D6).
   */
  private void fence(int host, StreamObserver<SessionDown> down) {
    LOG.warn("host {} was declared failed but is still running: told to stop",
        host);
    event(EventLog.Kind.HOST_FENCED, host, -1, -1, "host " + host
        + " was declared failed but is still running: told to stop");
    if (hosts[host].down == down) {
      // Ended here, this stream tells the manager nothing more (no onError follows); left in
      // place, the first announcement after the restarted host's recovery would fail on it and
      // declare the new process failed.
      hosts[host].down = null;
    }
    try {
      down.onError(io.grpc.Status.FAILED_PRECONDITION.withDescription(FENCED + host)
          .asRuntimeException());
    } catch (RuntimeException ignored) {
      // the stream is gone already
    }
  }

  /** The start of the reason a fenced hypervisor is given; it stops when it reads it. */
  public static final String FENCED = "declared failed; restart to be recovered: host ";

  private void failed(int host, String why) {
    HostEntry e = hosts[host];
    if (e.alive) {
      e.alive = false;
      e.failedAt = clock.millis();
      LOG.warn("host {} failed ({})", host, why);
      metrics.hostFailed();
      event(EventLog.Kind.HOST_FAILED, host, -1, -1, "host " + host + " failed (" + why + ")");
      role.hostFailed(host);
    }
  }

  /** Declares silent hosts failed, then recovers what can be ({@link RecoveryDriver}). */
  private void checkLiveness() {
    long now = clock.millis();
    for (int h = 0; h < hosts.length; h++) {
      HostEntry e = hosts[h];
      if (e.alive && now - e.lastHeard > spec.heartbeatTimeoutMillis()) {
        failed(h, "silent for " + (now - e.lastHeard) + " ms");
      }
    }
    recovery.check(now);
    publishMetrics();
  }

  /** Whether a host takes part in a recovery: up, or back and waiting; not one that is down. */
  boolean takesPart(int host) {
    HostEntry e = hosts[host];
    return e.alive || e.awaitingRecovery;
  }

  ManagedChannel channel(int host) {
    if (channels[host] == null) {
      String address = hosts[host].address != null ? hosts[host].address
          : spec.controlAddress(host);
      channels[host] = org.vmqsc.runtime.replica.ManagerTerm.stamped(
          Endpoints.channel(address, secret, tls, Endpoints.DEFAULT_MAX_FRAME_BYTES), term);
    }
    return channels[host];
  }

  private void dropChannel(int host) {
    if (channels[host] != null) {
      channels[host].shutdownNow();
      channels[host] = null;
    }
  }

  /** Adds an event to the history (on the loop). */
  void event(EventLog.Kind kind, int host, int vm, int line, String text) {
    if (events != null) { // null only in a test that drives a node it never started
      events.add(clock.millis(), kind, host, vm, line, text);
    }
  }

  /** A hypervisor's word about one of its own VMs (R9 keeps VM failures local to it). */
  private void vmEvent(int host, org.vmqsc.runtime.proto.VmEvent v) {
    boolean failed = v.getKind() == org.vmqsc.runtime.proto.VmEvent.Kind.VM_FAILED;
    event(failed ? EventLog.Kind.VM_FAILED : EventLog.Kind.VM_RESTORED, host, v.getVm(), -1,
        "vm " + v.getVm() + " on host " + host + (failed ? " failed" : " restored (replayed "
            + "from its checkpoint and volatile log)"));
  }

  ClusterStatusResponse status() {
    return ManagerStatus.of(this, costs.snapshot(), recovery.lastRecovery);
  }

  /** Runs one event of the loop; recovery calls it made end with it (D11). */
  void guarded(Runnable r) {
    boolean ok = false;
    try {
      r.run();
      ok = true;
    } catch (StateNotSaved t) {
      // said by persist(), once a minute at most; the next event tries again
    } catch (Throwable t) {
      LOG.error("manager event failed", t);
    } finally {
      calls.endRecovery(ok);
    }
  }

  public int port() {
    return server.getPort();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    health.enterTerminalState();
    if (metricsEndpoint != null) {
      metricsEndpoint.close();
    }
    loop.shutdownNow();
    loop.awaitTermination(5, TimeUnit.SECONDS);
    if (server != null) {
      server.shutdownNow();
      server.awaitTermination(5, TimeUnit.SECONDS);
    }
    for (ManagedChannel c : channels) {
      if (c != null) {
        c.shutdownNow();
      }
    }
    if (roleStorage != null) {
      roleStorage.close();
    }
    if (storage != null) {
      storage.close();
    }
    if (store != null) {
      store.close();
    }
  }

  /**
   * What to do when the state could not be kept because this replica is no longer the leader
   * (replicated only; {@link ManagerStore.Lost}): run once, off the loop, it closes this node.
   */
  public ManagerNode onLost(Runnable r) {
    java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
    this.onLost = () -> {
      if (once.compareAndSet(false, true)) {
        Thread t = new Thread(r, "vmqsc-manager-lost");
        t.setDaemon(true);
        t.start();
      }
    };
    return this;
  }

  /** Whether this node has been closed. */
  public boolean closed() {
    return closed;
  }
}
