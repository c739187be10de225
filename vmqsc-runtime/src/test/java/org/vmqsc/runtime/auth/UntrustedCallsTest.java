package org.vmqsc.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmqsc.runtime.log.LogCapture;
import org.vmqsc.runtime.proto.HypervisorServiceGrpc;
import org.vmqsc.runtime.proto.StatusRequest;
import org.vmqsc.runtime.proto.StatusResponse;
import org.vmqsc.runtime.transport.Endpoints;

/**
 * A cluster server (set up as every one is, by Endpoints) called as a stranger would: hundreds of
 * calls without the secret, the secret in upper case, and a body that is not a protobuf. What
 * the process logs is read back from Logback, where the runtime writes and gRPC's java.util.logging is bridged.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UntrustedCallsTest {
  private final ClusterSecret secret = ClusterSecret.generate(new SecureRandom());
  private LogCapture capture;
  private List<ILoggingEvent> records;
  private Server server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    capture = LogCapture.warnings("", "");
    records = capture.events;
    server = Endpoints.server("127.0.0.1", 0, secret, Endpoints.DEFAULT_MAX_FRAME_BYTES)
        .addService(new HypervisorServiceGrpc.HypervisorServiceImplBase() {
          @Override
          public void status(StatusRequest req, StreamObserver<StatusResponse> out) {
            out.onNext(StatusResponse.newBuilder().setHost(3).build());
            out.onCompleted();
          }
        })
        .build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext()
        .build();
  }

  @AfterEach
  void stop() throws Exception {
    capture.close();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void aFloodOfUnauthenticatedCallsIsOneShortLine() throws Exception {
    for (int i = 0; i < 300; i++) {
      assertThat(code(null, StatusRequest.getDefaultInstance().toByteArray()))
          .isEqualTo(Status.Code.UNAUTHENTICATED);
    }
    Thread.sleep(200);
    assertThat(records).hasSize(1);
    assertThat(text(records.get(0))).contains("refused", "no cluster secret", "127.0.0.1")
        .hasSizeLessThan(200);
  }

  @Test
  void theSecretInUpperCaseIsTheSecret() throws Exception {
    assertThat(code(secret.asText().toUpperCase(), StatusRequest.getDefaultInstance()
        .toByteArray())).isEqualTo(Status.Code.OK);
  }

  @Test
  void aBodyThatIsNotAProtobufIsOneWarningWithoutAStackTrace() throws Exception {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    for (int i = 0; i < 3; i++) {
      assertThat(code(secret.asText(), garbage))
          .isIn(Status.Code.INVALID_ARGUMENT, Status.Code.INTERNAL);
    }
    Thread.sleep(500); // gRPC logged its trace after answering
    assertThat(records).as(records.stream().map(UntrustedCallsTest::text).toList().toString())
        .hasSize(1);
    assertThat(records.get(0).getLevel()).isEqualTo(Level.WARN);
    assertThat(records.get(0).getThrowableProxy()).isNull();
    assertThat(text(records.get(0))).contains("malformed request");
    // and the server still serves a well-formed call
    assertThat(code(secret.asText(), StatusRequest.getDefaultInstance()
        .toByteArray())).isEqualTo(Status.Code.OK);
  }

  /** A unary Status call with {@code body} as its raw request bytes. */
  private Status.Code code(String presented, byte[] body) {
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS);
    io.grpc.Channel ch = presented == null ? channel : io.grpc.ClientInterceptors.intercept(
        channel, new io.grpc.ClientInterceptor() {
          @Override
          public <Q, R> io.grpc.ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> m,
              CallOptions o, io.grpc.Channel next) {
            return new io.grpc.ForwardingClientCall.SimpleForwardingClientCall<>(
                next.newCall(m, o)) {
              @Override
              public void start(Listener<R> l, io.grpc.Metadata headers) {
                headers.put(SecretHeader.KEY, presented);
                super.start(l, headers);
              }
            };
          }
        });
    try {
      ClientCalls.blockingUnaryCall(ch, RAW_STATUS, options, body);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor
      .Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  };

  private static final MethodDescriptor<byte[], byte[]> RAW_STATUS = MethodDescriptor
      .<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(HypervisorServiceGrpc.getStatusMethod().getFullMethodName())
      .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();

  private static String text(ILoggingEvent r) {
    return r.getFormattedMessage();
  }
}
