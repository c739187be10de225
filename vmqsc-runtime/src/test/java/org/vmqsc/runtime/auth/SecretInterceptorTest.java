package org.vmqsc.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmqsc.runtime.proto.HypervisorServiceGrpc;
import org.vmqsc.runtime.proto.StatusRequest;
import org.vmqsc.runtime.proto.StatusResponse;

/** A server guarded by the cluster secret, called with no secret, a wrong one and the right one. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SecretInterceptorTest {
  private final ClusterSecret secret = ClusterSecret.generate(new SecureRandom());
  private Server server;

  @BeforeEach
  void start() throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .directExecutor()
        .intercept(new SecretServerInterceptor(secret))
        .addService(new HypervisorServiceGrpc.HypervisorServiceImplBase() {
          @Override
          public void status(StatusRequest req, StreamObserver<StatusResponse> out) {
            out.onNext(StatusResponse.newBuilder().setHost(3).build());
            out.onCompleted();
          }
        })
        .build().start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void noSecretIsUnauthenticated() throws Exception {
    assertThat(call(null)).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aWrongSecretIsUnauthenticated() throws Exception {
    assertThat(call(ClusterSecret.generate(new SecureRandom())))
        .isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void theClusterSecretIsLetThrough() throws Exception {
    assertThat(call(secret)).isEqualTo(Status.Code.OK);
  }

  private Status.Code call(ClusterSecret with) throws InterruptedException {
    var b = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext();
    if (with != null) {
      b.intercept(new SecretClientInterceptor(with));
    }
    ManagedChannel ch = b.build();
    try {
      StatusResponse r = HypervisorServiceGrpc.newBlockingStub(ch)
          .withDeadlineAfter(10, TimeUnit.SECONDS).status(StatusRequest.getDefaultInstance());
      assertThat(r.getHost()).isEqualTo(3);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
