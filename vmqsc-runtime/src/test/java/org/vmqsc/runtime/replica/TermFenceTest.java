package org.vmqsc.runtime.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.transport.Endpoints;

/**
 * Fencing a deposed leader, on real gRPC: once a hypervisor has heard term 5, a manager of term 4
 * is refused both ways: its calls to the hypervisor (recovery phases) and its answers to the
 * hypervisor's own calls (a join, the session carrying announcements). Term 5 and higher pass,
 * and so do admin clients, which say no term.
 */
class TermFenceTest {
  private final ClusterSecret secret = ClusterSecret.generate(new SecureRandom());
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  private static HealthCheckRequest ask() {
    return HealthCheckRequest.getDefaultInstance();
  }

  @Test
  void aHypervisorRefusesCallsFromAManagerOfAnOlderTerm() throws Exception {
    TermFence fence = new TermFence("host 0");
    HealthStatusManager health = new HealthStatusManager();
    server = Endpoints.server("127.0.0.1", 0, secret, Endpoints.DEFAULT_MAX_FRAME_BYTES)
        .addService(health.getHealthService()).intercept(fence.refuseStaleCalls()).build()
        .start();
    ManagedChannel plain = Endpoints.channel("127.0.0.1:" + server.getPort(), secret,
        Endpoints.DEFAULT_MAX_FRAME_BYTES);
    channel = plain;
    HealthGrpc.newBlockingStub(ManagerTerm.stamped(plain, 5)).check(ask()); // the new leader
    assertThatThrownBy(() -> HealthGrpc.newBlockingStub(ManagerTerm.stamped(plain, 4))
        .check(ask())).as("the deposed leader of term 4")
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(
            e.getStatus().getDescription()).startsWith(TermFence.STALE + "4"));
    HealthGrpc.newBlockingStub(plain).check(ask()); // an admin client: no term
    HealthGrpc.newBlockingStub(ManagerTerm.stamped(plain, 6)).check(ask());
    assertThat(fence.highest()).isEqualTo(6);
  }

  @Test
  void aHypervisorRefusesTheAnswersOfAManagerOfAnOlderTerm() throws Exception {
    HealthStatusManager health = new HealthStatusManager();
    server = Endpoints.server("127.0.0.1", 0, secret, Endpoints.DEFAULT_MAX_FRAME_BYTES)
        .addService(health.getHealthService()).intercept(ManagerTerm.stampAnswers(4)).build()
        .start();
    TermFence fence = new TermFence("host 0");
    channel = fence.watch(Endpoints.channel("127.0.0.1:" + server.getPort(), secret,
        Endpoints.DEFAULT_MAX_FRAME_BYTES));
    HealthGrpc.newBlockingStub(channel).check(ask()); // term 4 is the newest heard so far
    assertThat(fence.highest()).isEqualTo(4);
    assertThat(fence.admit(5)).isTrue(); // a phase call of the new leader, term 5, came in
    assertThatThrownBy(() -> HealthGrpc.newBlockingStub(channel).check(ask()))
        .as("the old leader still answers, but is not heard")
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> assertThat(
            e.getStatus().getDescription()).startsWith(TermFence.STALE + "4"));
  }
}
