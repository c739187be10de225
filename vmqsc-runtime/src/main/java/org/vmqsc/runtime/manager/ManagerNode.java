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
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.protocol.HostRecovery;
import org.vmqsc.core.protocol.Manager;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.AckPart;
import org.vmqsc.runtime.proto.Announcement;
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
import org.vmqsc.runtime.transport.Endpoints;
import org.vmqsc.runtime.transport.Wire;

/**
 * The manager process: the core {@link Manager} (R4: taken and durable lines, D2: acks relayed in
 * announcements) and {@link HostRecovery} (R9, D7), driven by the hypervisors' sessions and by
 * its own period, all on one event loop.
 *
 * <p><b>Liveness.</b> A host is failed when its session breaks or falls silent for the heartbeat
 * timeout. When a failed host's hypervisor joins again as restarted, and no other failed host is
 * still missing (D11: hosts down together recover together), the manager runs the five recovery
 * phases over {@link RemoteHypervisorPort}, on its loop: reports and announcements wait meanwhile,
 * and each hypervisor holds its own traffic from phase 2 to its last phase.
 *
 * <p><b>Durability.</b> After every event that changed it, the manager's state (epoch, lines,
 * incarnations, rollback history, joined hosts) is written atomically ({@link ManagerStateFile});
 * a restarted manager process reloads it and carries on.
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
  Manager manager;
  private HostRecovery recovery;
  final HostEntry[] hosts;
  private final ManagedChannel[] channels;
  long epochMillis;
  int recoveries;
  /** The last recovery's plan, for status (null before the first). */
  private HostRecovery.Plan lastPlan;
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
    this.topo = spec.topology();
    this.secret = secret;
    this.stateFile = spec.dir().resolve(ManagerStateFile.FILE_NAME);
    this.hosts = new HostEntry[topo.hosts()];
    this.channels = new ManagedChannel[topo.hosts()];
    for (int h = 0; h < hosts.length; h++) {
      hosts[h] = new HostEntry();
    }
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
    manager = new Manager(topo, storage, costs);
    recovery = new HostRecovery(manager);
    manager.connect(this::announce);
    loadOrCreateState();
    server = Endpoints.server(spec.bindHost(), spec.managerPort(), secret,
            Endpoints.DEFAULT_MAX_FRAME_BYTES) // large reports arrive in parts (AckParts)
        .addService(new ManagerService(this)).addService(new ManagerAdmin(this))
        .build().start();
    long firstTick = Math.max(0, indexAt(clock.millis()) + 1);
    // Mid-period: the hosts' reports for tick x are in before the announcement (D2).
    long first = epochMillis + firstTick * spec.basePeriodMillis() + spec.basePeriodMillis() / 2;
    timers.atFixedRate(Math.max(0, first - clock.millis()), spec.basePeriodMillis(),
        () -> guarded(manager::onTick));
    timers.withFixedDelay(LIVENESS_CHECK_MILLIS, LIVENESS_CHECK_MILLIS,
        () -> guarded(this::checkLiveness));
    LOG.log(Level.INFO, "manager up on {0}, epoch {1}", spec.managerAddress(), epochMillis);
    return this;
  }

  private void loadOrCreateState() throws IOException {
    if (Files.exists(stateFile)) {
      ManagerStateFile s = ManagerStateFile.load(stateFile, topo.vms());
      epochMillis = s.epochMillis();
      manager.restore(s.state());
      recovery.restoreHistory(s.history());
      long now = clock.millis();
      for (int h : s.joined()) {
        HostEntry e = hosts[h];
        e.joinedEver = true;
        e.alive = true; // until its session stays silent for the timeout
        // Its session has to find this new process first: give it one more timeout's grace
        // before silence counts, rather than fence a host for the manager's own restart.
        e.lastHeard = now + spec.heartbeatTimeoutMillis();
      }
      LOG.log(Level.INFO, "manager state reloaded: durable line {0}", manager.durableLine());
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
    ManagerStateFile s = new ManagerStateFile(epochMillis, manager.state(), recovery.history(),
        joined);
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
      dropChannel(req.getHost()); // its address may be the same, its server is new
    } else {
      e.alive = true;
    }
    e.joinedEver = true;
    persist();
    LOG.log(Level.INFO, "host {0} joined{1}", req.getHost(),
        req.getRestarted() ? " (restarted: awaiting recovery)" : "");
    JoinResponse.Builder b = JoinResponse.newBuilder().setHosts(topo.hosts()).setVms(topo.vms())
        .setDurableLine(manager.durableLine());
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
    e.lastHeard = clock.millis();
    if (up.hasReport() && e.alive) {
      manager.onReport(Wire.fromProto(up.getReport())); // R4, and acks to relay (D2)
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
    }
  }

  private void announce(int host, int durableLine, List<Ack> acks) {
    HostEntry e = hosts[host];
    if (!e.alive) {
      e.pendingAcks.clear();
      return; // a failed host's senders are re-sent their copies at recovery (R7')
    }
    if (e.down == null) {
      e.pendingAcks.addAll(acks); // joined, session not up yet: keep them for the first one
      return;
    }
    List<Ack> all = new ArrayList<>(e.pendingAcks);
    all.addAll(acks);
    e.pendingAcks.clear();
    Announcement head = Announcement.newBuilder().setDurableLine(durableLine).build();
    AckParts.Split split = AckParts.split(Wire.idsOf(all), head.getSerializedSize());
    // A backlog past the bound of one announcement goes with the next: an ack relayed later
    // only keeps the sender's copy longer (D2 orders acks after reports, not before a deadline).
    e.pendingAcks.addAll(all.subList(split.taken(), all.size()));
    try {
      for (AckPart part : split.ahead()) {
        e.down.onNext(SessionDown.newBuilder().setAckPart(part).build());
      }
      e.down.onNext(SessionDown.newBuilder()
          .setAnnouncement(head.toBuilder().addAllAcks(split.last())).build());
    } catch (RuntimeException ex) {
      failed(host, ex.toString());
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
      boolean runsVms = manager.placement().vmsOn(h).length > 0;
      if (e.awaitingRecovery && !runsVms) {
        rejoinEmpty(h);
      } else if (e.awaitingRecovery) {
        restarted.add(h);
      } else if (!e.alive && e.joinedEver && runsVms) {
        missing.add(h);
        overdue |= spec.protocol().recovers() && spec.relocateAfterMillis() >= 0
            && now - e.failedAt > spec.relocateAfterMillis();
      }
    }
    if (!restarted.isEmpty() && missing.isEmpty()) {
      recover(restarted, Map.of());
    } else if (overdue) {
      Map<Integer, Integer> moves = manager.placement().relocationTargets(missing, this::isLive);
      if (!moves.isEmpty()) {
        Set<Integer> failed = new TreeSet<>(missing);
        failed.addAll(restarted);
        recover(failed, moves);
      }
    }
  }

  /**
   * Acks kept for hosts whose session was not up yet go ahead of the recovery, on the phases'
   * channel: whatever is applied before phase 5 is harmless (D4), what came after could not be.
   */
  private void handOverPending() {
    for (int h = 0; h < hosts.length; h++) {
      HostEntry e = hosts[h];
      if (!e.pendingAcks.isEmpty() && port(h) != null) {
        List<Ack> acks = new ArrayList<>(e.pendingAcks);
        e.pendingAcks.clear();
        port(h).handOver(acks);
      }
    }
  }

  /** A host that can take part in a recovery: alive, not itself waiting to be recovered. */
  private boolean isLive(int host) {
    return hosts[host].alive && !hosts[host].awaitingRecovery;
  }

  /** The port of a host taking part in a recovery; null for one that is down (D14). */
  private RemoteHypervisorPort port(int host) {
    HostEntry e = hosts[host];
    return e.alive || e.awaitingRecovery ? new RemoteHypervisorPort(channel(host)) : null;
  }

  /**
   * A restarted host whose VMs were restarted elsewhere meanwhile (D14): it learns every
   * rollback (incarnations and moves), has no VMs to rebuild, and counts as alive again.
   */
  private void rejoinEmpty(int host) {
    try {
      RemoteHypervisorPort p = new RemoteHypervisorPort(channel(host));
      p.noteRollbacks(recovery.history());
      p.resume(List.of());
    } catch (RuntimeException ex) {
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
        manager.durableLine(), moves.isEmpty() ? "" : ", moving VMs " + moves);
    long t0 = System.currentTimeMillis(); // for the log: how long the phases took, not a decision
    Set<Integer> restarted = new TreeSet<>();
    for (int h : failedHosts) {
      if (hosts[h].awaitingRecovery) {
        restarted.add(h);
      }
    }
    try {
      handOverPending();
      HostRecovery.Plan plan = recovery.recover(failedHosts, moves, this::port);
      recoveries++;
      lastPlan = plan;
      if (plan.damagedLine() >= 0) {
        LOG.log(Level.WARNING, "a checkpoint durable line {0} needs is damaged: every VM fell "
            + "back to line {1} (D15)", plan.damagedLine(), plan.line());
      }
      LOG.log(Level.INFO, "recovered hosts {0}: line {1}, rolled back {2}, {3} ms", failedHosts,
          plan.line(), plan.rollback(), System.currentTimeMillis() - t0);
    } catch (RuntimeException ex) {
      // A phase failed (another host died meanwhile): retry when every host is back. Phases are
      // idempotent for survivors except that the retry gives the VMs new incarnations again.
      LOG.log(Level.ERROR, "recovery of hosts " + failedHosts + " failed; will retry", ex);
      persist();
      return;
    }
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
    ClusterStatusResponse.Builder b = ClusterStatusResponse.newBuilder()
        .setTakenLine(manager.takenLine()).setDurableLine(manager.durableLine())
        .setRecoveries(recoveries)
        .setLastRecoveryLine(lastPlan == null ? -1 : lastPlan.line())
        .setLastDamagedLine(lastPlan == null ? -1 : lastPlan.damagedLine())
        .setCosts(org.vmqsc.runtime.cluster.CostsWire.of(costs.snapshot(), 0));
    for (int h = 0; h < hosts.length; h++) {
      HostEntry e = hosts[h];
      b.addHosts(HostLiveness.newBuilder().setHost(h).setAlive(e.alive)
          .setAddress(e.address == null ? "" : e.address).setJoins(e.joins)
          .setAwaitingRecovery(e.awaitingRecovery));
    }
    for (int i : manager.state().incarnation()) {
      b.addIncarnation(i);
    }
    for (int h : manager.placement().toArray()) {
      b.addVmHost(h);
    }
    return b.build();
  }

  void guarded(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      LOG.log(Level.ERROR, "manager event failed", t);
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
