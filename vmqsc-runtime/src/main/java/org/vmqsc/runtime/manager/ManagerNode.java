package org.vmqsc.runtime.manager;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.protocol.PhaseCall;
import org.vmqsc.core.protocol.VmqscManager;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.ManagerEnv;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.ProtocolRoles;
import org.vmqsc.core.role.Recovery;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.AckPart;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.HostLiveness;
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
import org.vmqsc.runtime.transport.Wire;

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
  private static final System.Logger LOG = System.getLogger(ManagerNode.class.getName());
  static final long EPOCH_LEAD_MILLIS = 1000;
  static final long LIVENESS_CHECK_MILLIS = 100;

  final ClusterSpec spec;
  final Topology topo;
  final ScheduledExecutorService loop;
  final Clock clock;
  private final Scheduler timers;
  private final ClusterSecret secret;
  private final Path stateFile;
  private FileStableStorage storage;
  /** SPEC §6's costs of the manager's part (reports, announcements, recovery phases). */
  private final org.vmqsc.core.spi.CostCounts costs = new org.vmqsc.core.spi.CostCounts();
  final ProtocolRoles protocol;
  ManagerRole role;
  final RemoteHostCalls calls = new RemoteHostCalls(this::takesPart, this::channel);
  private final Downlink downlink;
  final HostEntry[] hosts;
  private final ManagedChannel[] channels;
  long epochMillis;
  int recoveries;
  /** What the last recovery did, for status (null before the first). */
  private Recovery lastRecovery;
  private String savedState = "";
  private Server server;
  private volatile boolean closed;

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
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vmqsc-manager-loop");
      t.setDaemon(true);
      return t;
    });
    this.timers = clock.on(loop);
  }

  public ManagerNode start() throws IOException {
    storage = new FileStableStorage(FileStorageConfig.builder(spec.storageDir()).build(),
        (h, t) -> {}, problem -> LOG.log(Level.WARNING, "manager storage: {0}", problem));
    role = protocol.manager(new ManagerEnv(new ProtocolContext(topo, Rules.ALL, (h, m) -> {
      throw new IllegalStateException("the manager relays no VM messages");
    }, storage, costs, clock::millis), downlink, calls));
    loadOrCreateState();
    server = Endpoints.server(spec.bindHost(), spec.managerPort(), secret,
            Endpoints.DEFAULT_MAX_FRAME_BYTES) // large reports arrive in parts (AckParts)
        .addService(new ManagerService(this)).addService(new ManagerAdmin(this))
        .build().start();
    long firstTick = Math.max(0, indexAt(clock.millis()) + 1);
    // Mid-period: the hosts' reports for tick x are in before the announcement (D2).
    long first = epochMillis + firstTick * spec.basePeriodMillis() + spec.basePeriodMillis() / 2;
    timers.atFixedRate(Math.max(0, first - clock.millis()), spec.basePeriodMillis(),
        () -> guarded(() -> role.onTick(indexAt(clock.millis()))));
    timers.withFixedDelay(LIVENESS_CHECK_MILLIS, LIVENESS_CHECK_MILLIS,
        () -> guarded(this::checkLiveness));
    LOG.log(Level.INFO, "manager up on {0}, epoch {1}", spec.managerAddress(), epochMillis);
    return this;
  }

  private void loadOrCreateState() throws IOException {
    if (Files.exists(stateFile)) {
      ManagerStateFile s = ManagerStateFile.load(stateFile, topo.vms());
      epochMillis = s.epochMillis();
      s.restoreInto(role);
      long now = clock.millis();
      for (int h : s.joined()) {
        HostEntry e = hosts[h];
        e.joinedEver = true;
        e.alive = true; // until its session stays silent for the timeout
        // Its session has to find this new process first: give it one more timeout's grace
        // before silence counts, rather than fence a host for the manager's own restart.
        e.lastHeard = now + spec.heartbeatTimeoutMillis();
      }
      LOG.log(Level.INFO, "manager state reloaded: durable line {0}", role.durableLine());
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
    for (int h = 0; h < hosts.length; h++) {
      if (hosts[h].joinedEver) {
        joined.add(h);
      }
    }
    ManagerStateFile s = ManagerStateFile.of(epochMillis, role, joined);
    String text = s.encode();
    if (text.equals(savedState)) {
      return;
    }
    try {
      s.save(stateFile);
      savedState = text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save manager state to " + stateFile, e);
    }
  }

  // ---- events (on the loop) -----------------------------------------------------------------

  JoinResponse onJoin(JoinRequest req) {
    HostEntry e = hosts[req.getHost()];
    e.address = req.getRelayAddress();
    e.joins++;
    // Silence counts from the join plus one timeout: the host opens its session only after the
    // join returns, which on a cold, loaded JVM has taken seconds (hosts fenced while starting).
    e.lastHeard = clock.millis() + spec.heartbeatTimeoutMillis();
    if (req.getRestarted()) {
      if (e.alive) {
        LOG.log(Level.WARNING, "host {0} restarted before its failure was noticed", req.getHost());
      }
      e.alive = false;
      e.awaitingRecovery = true;
      e.down = null; // the old process's session: nothing the new one is told may go there
      e.pendingControls.clear();
      dropChannel(req.getHost()); // its address may be the same, its server is new
    } else {
      e.alive = true;
    }
    e.joinedEver = true;
    persist();
    LOG.log(Level.INFO, "host {0} joined{1}", req.getHost(),
        req.getRestarted() ? " (restarted: awaiting recovery)" : "");
    JoinResponse.Builder b = JoinResponse.newBuilder().setHosts(topo.hosts()).setVms(topo.vms())
        .setDurableLine(role.durableLine());
    for (int h = 0; h < topo.hosts(); h++) {
      b.putPeers(h, spec.relayAddress(h));
    }
    return b.build();
  }

  void onSessionUp(int host, SessionUp up, StreamObserver<SessionDown> down) {
    HostEntry e = hosts[host];
    if (!e.alive && !e.awaitingRecovery && e.joinedEver) {
      fence(host, down);
      return;
    }
    e.down = down;
    if (!e.pendingControls.isEmpty()) {
      downlink.flush(host);
    }
    e.lastHeard = clock.millis();
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
    LOG.log(Level.WARNING, "host {0} was declared failed but is still running: told to stop",
        host);
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
      LOG.log(Level.WARNING, "host {0} failed ({1})", host, why);
      role.hostFailed(host);
    }
  }

  /**
   * Declares silent hosts failed, then recovers: when every failed host that runs VMs is back
   * (D11), in place; when one has been away longer than the relocation policy allows, its VMs
   * on the live hosts (D14). A restarted host whose VMs went elsewhere rejoins empty.
   */
  private void checkLiveness() {
    long now = clock.millis();
    Set<Integer> restarted = new TreeSet<>();
    Set<Integer> missing = new TreeSet<>();
    boolean overdue = false;
    for (int h = 0; h < hosts.length; h++) {
      HostEntry e = hosts[h];
      if (e.alive && now - e.lastHeard > spec.heartbeatTimeoutMillis()) {
        failed(h, "silent for " + (now - e.lastHeard) + " ms");
      }
      boolean runsVms = runsVms(h);
      if (e.awaitingRecovery && !runsVms) {
        rejoinEmpty(h);
      } else if (e.awaitingRecovery) {
        restarted.add(h);
      } else if (!e.alive && e.joinedEver && runsVms) {
        missing.add(h);
        overdue |= protocol.relocates() && spec.relocateAfterMillis() >= 0
            && now - e.failedAt > spec.relocateAfterMillis();
      }
    }
    if (!restarted.isEmpty() && missing.isEmpty()) {
      recover(restarted, Map.of());
    } else if (overdue && role instanceof VmqscManager v) {
      Map<Integer, Integer> moves = v.lines().placement().relocationTargets(missing,
          this::isLive);
      if (!moves.isEmpty()) {
        Set<Integer> failed = new TreeSet<>(missing);
        failed.addAll(restarted);
        recover(failed, moves);
      }
    }
  }

  private boolean runsVms(int host) {
    for (int v = 0; v < topo.vms(); v++) {
      if (role.hostOf(v) == host) {
        return true;
      }
    }
    return false;
  }

  /**
   * VM_QSC: acks kept for hosts whose session was not up yet go ahead of the recovery, on the
   * phases' channel: whatever is applied before phase 5 is harmless (D4), what came after could
   * not be. (Other protocols keep them for their next announcement.)
   */
  private void handOverPending() {
    if (!(role instanceof VmqscManager)) {
      return;
    }
    for (int h = 0; h < hosts.length; h++) {
      HostEntry e = hosts[h];
      if (!e.pendingAcks.isEmpty() && takesPart(h)) {
        List<Ack> acks = new ArrayList<>(e.pendingAcks);
        e.pendingAcks.clear();
        calls.call(h, new PhaseCall.HandOver(acks));
      }
    }
  }

  /** A host that can take part in a recovery: alive, not itself waiting to be recovered. */
  private boolean isLive(int host) {
    return hosts[host].alive && !hosts[host].awaitingRecovery;
  }

  /** Whether a host takes part in a recovery: up, or back and waiting; not one that is down. */
  private boolean takesPart(int host) {
    HostEntry e = hosts[host];
    return e.alive || e.awaitingRecovery;
  }

  /**
   * A restarted host whose VMs were restarted elsewhere meanwhile (D14): it learns every
   * rollback (incarnations and moves), has no VMs to rebuild, and counts as alive again.
   */
  private void rejoinEmpty(int host) {
    try {
      role.rejoinHost(host);
      calls.endRecovery(true);
    } catch (RuntimeException ex) {
      calls.endRecovery(false);
      LOG.log(Level.WARNING, "host {0} could not rejoin yet: {1}", host, ex.toString());
      return;
    }
    hosts[host].awaitingRecovery = false;
    hosts[host].alive = true;
    hosts[host].lastHeard = clock.millis();
    LOG.log(Level.INFO, "host {0} rejoined empty: its VMs run elsewhere", host);
    persist();
  }

  /**
   * R9, host failure: the five phases, then the restarted hosts count as alive again. VMs in
   * {@code moves} restart on the live host named there (D14).
   */
  private void recover(Set<Integer> failedHosts, Map<Integer, Integer> moves) {
    LOG.log(Level.INFO, "recovering hosts {0} to durable line {1}{2}", failedHosts,
        role.durableLine(), moves.isEmpty() ? "" : ", moving VMs " + moves);
    long t0 = System.currentTimeMillis(); // for the log: how long the phases took, not a decision
    Set<Integer> restarted = new TreeSet<>();
    for (int h : failedHosts) {
      if (hosts[h].awaitingRecovery) {
        restarted.add(h);
      }
    }
    try {
      handOverPending();
      Recovery plan = moves.isEmpty() ? role.recoverHosts(failedHosts)
          : role.relocateHosts(failedHosts, moves);
      recoveries++;
      lastRecovery = plan;
      if (plan.damagedLine() >= 0) {
        LOG.log(Level.WARNING, "a checkpoint durable line {0} needs is damaged: every VM fell "
            + "back to line {1} (D15)", plan.damagedLine(), plan.line());
      }
      LOG.log(Level.INFO, "recovered hosts {0}: line {1}, rolled back {2}, {3} ms", failedHosts,
          plan.line(), plan.rolledBack(), System.currentTimeMillis() - t0);
    } catch (RuntimeException ex) {
      // A phase failed (another host died meanwhile): retry when every host is back. Phases are
      // idempotent for survivors except that the retry gives the VMs new incarnations again.
      LOG.log(Level.ERROR, "recovery of hosts " + failedHosts + " failed; will retry", ex);
      calls.endRecovery(false);
      persist();
      return;
    }
    calls.endRecovery(true);
    long now = clock.millis();
    for (HostEntry e : hosts) {
      e.lastHeard = now; // the loop was busy: nobody was heard, nobody fell silent
    }
    for (int h : restarted) {
      hosts[h].awaitingRecovery = false;
      hosts[h].alive = true;
    }
    persist();
  }

  private ManagedChannel channel(int host) {
    if (channels[host] == null) {
      String address = hosts[host].address != null ? hosts[host].address
          : spec.controlAddress(host);
      channels[host] = Endpoints.channel(address, secret, Endpoints.DEFAULT_MAX_FRAME_BYTES);
    }
    return channels[host];
  }

  private void dropChannel(int host) {
    if (channels[host] != null) {
      channels[host].shutdownNow();
      channels[host] = null;
    }
  }

  ClusterStatusResponse status() {
    return ManagerStatus.of(this, costs.snapshot(), lastRecovery);
  }

  /** Runs one event of the loop; recovery calls it made end with it (D11). */
  void guarded(Runnable r) {
    boolean ok = false;
    try {
      r.run();
      ok = true;
    } catch (Throwable t) {
      LOG.log(Level.ERROR, "manager event failed", t);
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
    if (storage != null) {
      storage.close();
    }
  }
}
