package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.protocol.HypervisorPort;
import org.vmqsc.core.protocol.PhaseCall;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.proto.ClusterStatusRequest;
import org.vmqsc.runtime.proto.FailVmRequest;
import org.vmqsc.runtime.proto.HypervisorServiceGrpc;
import org.vmqsc.runtime.proto.JoinRequest;
import org.vmqsc.runtime.proto.ManagerServiceGrpc;

import org.vmqsc.runtime.proto.RuntimeAdminGrpc;
import org.vmqsc.runtime.transport.ControlWire;

/**
 * Section 8 of the runtime issue: the manager and every hypervisor refuse a client without the
 * cluster secret, or with another cluster's, on every call (admin, recovery phases, joins), and
 * the cluster is unchanged afterwards. The secret is the second factor behind mutual TLS: these
 * clients hold the cluster's admin certificate, so only the secret refuses them.
 */
class UnauthenticatedClientTest {
  @TempDir Path dir;
  Fig2Cluster cluster;
  ClusterClient impostor;
  ManagedChannel bare;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {impostor, cluster}) {
      if (c != null) {
        c.close();
      }
    }
    if (bare != null) {
      bare.shutdownNow();
    }
  }

  @Test
  void managerAndHypervisorsRefuseClientsWithoutTheSecret() throws Exception {
    cluster = Fig2Cluster.start(Fig2Cluster.fig2(dir));
    ClusterSpec spec = cluster.spec;
    ClusterClient client = cluster.client;
    Fig2Cluster.await(() -> client.clusterStatus().getDurableLine() >= 1, 15_000,
        "durable line >= 1");

    impostor = new ClusterClient(spec, ClusterSecret.generate(new SecureRandom()));
    assertRefused(impostor::clusterStatus);
    assertRefused(() -> impostor.status(0));
    assertRefused(() -> impostor.ledgers(1));
    assertRefused(() -> impostor.failVm(0));

    // Past TLS with the cluster's own admin certificate, but with no secret: the second factor
    // alone refuses (plaintext is refused before any call: MutualTlsListenersTest).
    SslContext tls = ClusterTls.identity(spec, ClusterTls.ADMIN).clientContext();
    bare = NettyChannelBuilder.forAddress("127.0.0.1", spec.controlPorts()[1]).sslContext(tls)
        .build();
    assertRefused(() -> HypervisorServiceGrpc.newBlockingStub(bare)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .failVm(FailVmRequest.newBuilder().setVm(2).build()));
    assertRefused(() -> HypervisorServiceGrpc.newBlockingStub(bare)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .call(ControlWire.toProto(new PhaseCall.NoteRollbacks(List.of(
            new HypervisorPort.Rollback(2, 7, 0, 1))))));
    ManagedChannel bareManager = NettyChannelBuilder.forAddress("127.0.0.1", spec.managerPort())
        .sslContext(tls).build();
    try {
      assertRefused(() -> RuntimeAdminGrpc.newBlockingStub(bareManager)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .clusterStatus(ClusterStatusRequest.getDefaultInstance()));
      assertRefused(() -> ManagerServiceGrpc.newBlockingStub(bareManager)
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .join(JoinRequest.newBuilder().setHost(1).setRestarted(true).build()));
    } finally {
      bareManager.shutdownNow();
    }

    // nothing the refused calls asked for happened
    var cs = client.clusterStatus();
    assertThat(cs.getIncarnationList()).containsExactly(0, 0, 0, 0);
    assertThat(cs.getHosts(1).getAlive()).isTrue();
    assertThat(cs.getHosts(1).getJoins()).isEqualTo(1);
    assertThat(client.status(0).getVmsList()).allMatch(v -> v.getUp());
    assertThat(client.status(1).getVmsList()).allMatch(v -> v.getUp() && v.getIncarnation() == 0);
  }

  private static void assertRefused(Runnable call) {
    StatusRuntimeException e = catchThrowableOfType(call::run, StatusRuntimeException.class);
    assertThat(e).as("the call was let through").isNotNull();
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }
}
