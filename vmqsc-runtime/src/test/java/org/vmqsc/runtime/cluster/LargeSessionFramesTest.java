package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.runtime.cluster.Fig2Cluster.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.role.Report;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.hypervisor.HypervisorNode;
import org.vmqsc.runtime.hypervisor.HypervisorProbe;
import org.vmqsc.runtime.manager.ManagerNode;
import org.vmqsc.runtime.manager.ManagerProbe;
import org.vmqsc.runtime.proto.AckPart;
import org.vmqsc.runtime.proto.ManagerServiceGrpc;
import org.vmqsc.runtime.proto.SessionDown;
import org.vmqsc.runtime.proto.SessionUp;
import org.vmqsc.runtime.transport.AckParts;
import org.vmqsc.runtime.transport.Endpoints;
import org.vmqsc.runtime.transport.Wire;

/**
 * A period's acks far beyond one 64 KiB frame (50,000 acks, about 800 KB: a busy host's) cross
 * the real manager session whole, both ways: a report up to the manager, an announcement down to
 * a hypervisor. The Figure 2 cluster with no guest traffic, so that the only acks are the test's.
 * Before reports and announcements were split, both frames closed the session
 * (RESOURCE_EXHAUSTED) and their acks never arrived.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LargeSessionFramesTest {
  static final int ACKS = 50_000;
  @TempDir Path dir;
  ClusterSpec spec;
  ClusterSecret secret;
  ManagerNode manager;
  final HypervisorNode[] hvs = new HypervisorNode[2];
  ClusterClient client;

  @BeforeEach
  void start() throws Exception {
    ClusterSpec f = Fig2Cluster.fig2(dir);
    spec = new ClusterSpec(f.topology(), f.basePeriodMillis(), PeerRates.none(4), f.bank(),
        f.initialBalance(), f.seed(), f.bindHost(), f.managerPort(), f.relayPorts(),
        f.controlPorts(), f.dir(), f.secretFile(), f.lazyDelayMillis(), f.vmRestartMillis(),
        f.heartbeatTimeoutMillis(), f.relocateAfterMillis());
    secret = ClusterSecret.load(spec.secretFile());
    manager = new ManagerNode(spec, secret).start();
    client = new ClusterClient(spec, secret);
  }

  void startHosts() throws Exception {
    for (int h = 0; h < 2; h++) {
      hvs[h] = new HypervisorNode(spec, h, secret).start();
    }
    await(() -> client.clusterStatus().getDurableLine() >= 1, 15_000, "durable line >= 1");
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    for (HypervisorNode h : hvs) {
      if (h != null) {
        h.close();
      }
    }
    manager.close();
  }

  /** Acks of messages VM 2 (host 1) sent to VM 0, in an incarnation the core does not run. */
  static List<Ack> acksFromVm2() {
    List<Ack> acks = new ArrayList<>(ACKS);
    for (int i = 1; i <= ACKS; i++) {
      // Incarnation 99: the core skips acks of other incarnations, so these fakes settle nothing.
      // Every other sequence number: consecutive ones would travel as one range (AckList).
      acks.add(new Ack(2, 0, 99, 1_000_000 + 2 * i));
    }
    return acks;
  }

  /**
   * VM 2 (host 1) really sends ACKS messages to VM 0, which host 0 holds undelivered, so that
   * only the test's own acks, naming them, can settle them.
   */
  List<Ack> sendUnacknowledged() throws Exception {
    HypervisorProbe.holdArrivals(hvs[0]);
    List<Ack> acks = HypervisorProbe.send(hvs[1], 2, 0, ACKS);
    assertThat(HypervisorProbe.awaitingAcks(hvs[1], 2)).isEqualTo(ACKS);
    return acks;
  }

  @Test
  void aReportOf50000AcksReachesTheManagerWhole() throws Exception {
    startHosts();
    List<List<Ack>> relayedToHost1 = new ArrayList<>();
    ManagerProbe.announceTo(manager, (host, line, acks) -> {
      if (host == 1 && !acks.isEmpty()) {
        synchronized (relayedToHost1) {
          relayedToHost1.add(List.copyOf(acks));
        }
      }
    });
    List<Ack> acks = acksFromVm2();
    HypervisorProbe.report(hvs[0], new Report(0, new int[0], new int[0], new int[0], new int[0], acks));
    await(() -> {
      synchronized (relayedToHost1) {
        return !relayedToHost1.isEmpty();
      }
    }, 10_000, "the report's acks relayed by the manager's core");
    synchronized (relayedToHost1) {
      // One core report carried them all (one announcement relays them), in order.
      assertThat(relayedToHost1).hasSize(1);
      assertThat(Wire.idsOf(relayedToHost1.get(0))).isEqualTo(Wire.idsOf(acks));
    }
    assertThat(client.clusterStatus().getHosts(0).getAlive()).as("host 0's session held")
        .isTrue();
  }

  @Test
  void anAnnouncementOf50000AcksReachesTheHypervisorWhole() throws Exception {
    startHosts();
    List<Ack> sent = sendUnacknowledged();
    // Every other one: each its own range (AckList), so that the announcement needs parts.
    List<Ack> acks = new ArrayList<>();
    for (int i = 0; i < sent.size(); i += 2) {
      acks.add(sent.get(i));
    }
    // Straight into the manager's core: only the way down is under test here.
    ManagerProbe.report(manager, new Report(0, new int[0], new int[0], new int[0], new int[0], acks));
    await(() -> HypervisorProbe.awaitingAcks(hvs[1], 2) == ACKS - acks.size(), 10_000,
        "every relayed ack settled its message at host 1");
    assertThat(client.clusterStatus().getHosts(1).getAlive()).as("host 1's session held")
        .isTrue();
  }

  /** A peer that sends acks ahead without end is cut off at the bound; the manager carries on. */
  /**
   * During a recovery the manager hands its held acks over on the phases' channel, so that they
   * are applied before phase 5 re-arms the copies it re-sends (D4): 50,000 of them, far more than
   * one frame, are all applied by the time the call returns (no waiting).
   */
  @Test
  void aHandOverOf50000AcksIsAppliedBeforeItReturns() throws Exception {
    startHosts();
    List<Ack> acks = sendUnacknowledged();
    ManagerProbe.handOver(manager, 1, acks);
    assertThat(HypervisorProbe.awaitingAcks(hvs[1], 2)).isZero();
  }

  @Test
  void endlessAckPartsCloseTheSession() throws Exception {
    ManagedChannel ch = Endpoints.channel(spec.managerAddress(), secret,
        ClusterTls.identity(spec, ClusterTls.host(1)), Endpoints.DEFAULT_MAX_FRAME_BYTES);
    try {
      CompletableFuture<Status> end = new CompletableFuture<>();
      StreamObserver<SessionUp> up = ManagerServiceGrpc.newStub(ch).session(
          new StreamObserver<SessionDown>() {
            @Override
            public void onNext(SessionDown d) {}

            @Override
            public void onError(Throwable t) {
              end.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
              end.complete(Status.OK);
            }
          });
      AckParts.Split split = AckParts.split(Wire.idsOf(acksFromVm2()), 0);
      AckPart part = split.ahead().get(0);
      int parts = 2 * AckParts.MAX_WHOLE_BYTES / part.getSerializedSize();
      for (int i = 0; i < parts && !end.isDone(); i++) {
        up.onNext(SessionUp.newBuilder().setAckPart(part).build());
      }
      assertThat(end.get(20, TimeUnit.SECONDS).getCode())
          .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
      assertThat(client.clusterStatus().getHostsCount()).isEqualTo(2); // still serving
    } finally {
      ch.shutdownNow();
    }
  }
}
