package org.vmqsc.runtime.replica;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.cluster.ManagerReplicas;
import org.vmqsc.runtime.manager.ManagerNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One manager replica process: a Ratis server of the cluster's group, and, while this replica is
 * the leader, a {@link ManagerNode} started from the replicated state exactly as a restarted
 * manager starts from its state file (D13), so a recovery the last leader left half done is
 * finished from its replicated plan. The manager stops the moment this replica stops leading in
 * the term it started in (watched every {@link #WATCH_MILLIS}) or cannot commit a save; a
 * follower does not listen on its manager port at all, so hosts find the leader by trying the
 * replicas in turn.
 */
public final class ManagerReplica implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManagerReplica.class);
  static final long WATCH_MILLIS = 100;

  private final ClusterSpec spec;
  private final int id;
  private final ClusterSecret secret;
  private final int metricsPort;
  private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(
      r -> {
        Thread t = new Thread(r, "vmqsc-replica");
        t.setDaemon(true);
        return t;
      });
  private ManagerStateMachine machine;
  private RaftServer server;
  /** The manager while this replica leads, and the term it leads in (control thread only). */
  private volatile ManagerNode node;
  private volatile long nodeTerm = -1;
  private volatile boolean closed;

  /** Replica {@code id} of {@code spec}'s replicas; {@code metricsPort} as ManagerNode's. */
  public ManagerReplica(ClusterSpec spec, int id, ClusterSecret secret, int metricsPort) {
    if (spec.replicas() == null) {
      throw new IllegalArgumentException("the cluster's manager is not replicated");
    }
    spec.replicas().get(id); // a wrong id fails here, in one line
    this.spec = spec;
    this.id = id;
    this.secret = secret;
    this.metricsPort = metricsPort;
  }

  /** Where replica {@code id} keeps its Ratis log and snapshots. */
  public static Path storageDir(ClusterSpec spec, int id) {
    return spec.dir().resolve("managers").resolve(Integer.toString(id));
  }

  public ManagerReplica start() throws IOException {
    ManagerReplicas.Replica me = spec.replicas().get(id);
    Path dir = storageDir(spec, id);
    boolean fresh = !Files.isDirectory(dir) || isEmpty(dir);
    Files.createDirectories(dir);
    machine = new ManagerStateMachine(() -> onControl(this::lead));
    server = RaftServer.newBuilder().setServerId(RatisSettings.peerId(id))
        .setGroup(RatisSettings.group(spec.replicas())).setStateMachine(machine)
        .setProperties(RatisSettings.server(spec.forReplica(id).managerBindHost(), me.ratisPort(),
            dir))
        .setParameters(RatisSettings.parameters(org.vmqsc.runtime.cluster.ClusterTls.identity(
            spec, org.vmqsc.runtime.cluster.ClusterTls.manager(id))))
        .setOption(fresh ? RaftStorage.StartupOption.FORMAT : RaftStorage.StartupOption.RECOVER)
        .build();
    server.start();
    control.scheduleWithFixedDelay(this::watch, WATCH_MILLIS, WATCH_MILLIS,
        TimeUnit.MILLISECONDS);
    LOG.info("manager replica {} of {} up: Ratis on {}, manager port {} while it leads", id,
        spec.replicas().size(), me.ratisAddress(), me.managerPort());
    return this;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private DivisionInfo info() throws IOException {
    return server.getDivision(RatisSettings.GROUP).getInfo();
  }

  /** Whether this replica leads in {@code term} now. */
  boolean leadsIn(long term) {
    try {
      DivisionInfo i = info();
      return i.isLeader() && i.getCurrentTerm() == term;
    } catch (IOException e) {
      return false;
    }
  }

  /** Ratis says this replica leads and has applied everything: start its manager. */
  private void lead() {
    if (closed) {
      return;
    }
    stopManager("a new term");
    long term;
    try {
      DivisionInfo i = info();
      if (!i.isLeader() || !i.isLeaderReady()) {
        return; // deposed again already
      }
      term = i.getCurrentTerm();
    } catch (IOException e) {
      LOG.warn("replica {}: cannot read its Ratis state: {}", id, e.toString());
      return;
    }
    ManagerNode n = new ManagerNode(spec.forReplica(id), secret).term(term)
        .store(new RatisManagerStore(server, machine, () -> leadsIn(term),
            "the Ratis group (replica " + id + ", term " + term + ")"))
        .metricsPort(metricsPort).replicas(this::replicaInfo).onLost(() -> onControl(() -> stopManager("lost")));
    try {
      n.start();
    } catch (IOException | RuntimeException e) {
      LOG.error("replica {}: the manager did not start in term {}: {}", id, term, e.toString());
      close(n);
      return;
    }
    node = n;
    nodeTerm = term;
    LOG.info("replica {} leads in term {}: manager serving on {}", id, term,
        spec.replicas().get(id).managerAddress());
  }

  /**
   * The group as this replica, the leader, sees it: who it heard from and how recently, and how
   * far each follower's log is known to reach.
   */
  private java.util.List<org.vmqsc.runtime.proto.ManagerReplicaInfo> replicaInfo() {
    java.util.List<org.vmqsc.runtime.proto.ManagerReplicaInfo> out = new java.util.ArrayList<>();
    try {
      DivisionInfo i = info();
      var followers = i.getRoleInfoProto().getLeaderInfo().getFollowerInfoList();
      long[] match = i.getFollowerMatchIndices();
      for (ManagerReplicas.Replica r : spec.replicas().replicas()) {
        var b = org.vmqsc.runtime.proto.ManagerReplicaInfo.newBuilder().setId(r.id())
            .setAddress(r.managerAddress()).setLeader(r.id() == id).setLastHeardMillis(-1)
            .setMatchIndex(r.id() == id ? i.getLastAppliedIndex() : -1);
        for (int f = 0; f < followers.size(); f++) {
          if (followers.get(f).getId().getId().toStringUtf8()
              .equals(RatisSettings.peerId(r.id()).toString())) {
            b.setLastHeardMillis(followers.get(f).getLastRpcElapsedTimeMs());
            if (f < match.length) {
              b.setMatchIndex(match[f]);
            }
          }
        }
        out.add(b.build());
      }
    } catch (IOException e) {
      // stopping: status says no replicas rather than fail
    }
    return out;
  }

  /** Runs {@code r} on the control thread, unless the replica is stopping (then it stops all). */
  private void onControl(Runnable r) {
    try {
      control.execute(r);
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      // close() stops the manager itself
    }
  }

  /** Stops the manager as soon as this replica no longer leads in its term. */
  private void watch() {
    if (node != null && !leadsIn(nodeTerm)) {
      stopManager("no longer the leader in term " + nodeTerm);
    }
  }

  private void stopManager(String why) {
    ManagerNode n = node;
    if (n == null) {
      return;
    }
    node = null;
    LOG.warn("replica {}: manager of term {} stops ({})", id, nodeTerm, why);
    nodeTerm = -1;
    close(n);
  }

  private static void close(ManagerNode n) {
    try {
      n.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Its state machine (tests read what it applied). */
  ManagerStateMachine machine() {
    return machine;
  }

  /** The manager this replica runs now (null: it does not lead). */
  public ManagerNode manager() {
    return node;
  }

  /** The Ratis role and term of this replica now, for logs and tests. */
  public DivisionInfo ratis() throws IOException {
    return info();
  }

  /** Blocks until the process is asked to stop. */
  public void awaitTermination() throws InterruptedException {
    while (!closed) {
      Thread.sleep(500);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    control.execute(() -> stopManager("replica stopping"));
    control.shutdown();
    try {
      control.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (server != null) {
      server.close();
    }
  }
}
