package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.auth.ClusterCa;
import org.vmqsc.runtime.auth.SecretClientInterceptor;
import org.vmqsc.runtime.auth.TlsIdentity;

/**
 * Issue 10, mutual TLS: every listener of a live cluster (the manager, each hypervisor's control
 * port and each one's peer relay) refuses a plaintext client, a TLS client with no certificate,
 * and one whose certificate another CA issued, and accepts one certified by the cluster's CA.
 * Every client carries the right cluster secret and trusts the cluster's CA, so that TLS alone
 * decides: a listener that served plaintext, or took any certificate, would let one through.
 */
class MutualTlsListenersTest {
  /** A method no service has: a call that reaches the server's dispatch ends UNIMPLEMENTED. */
  private static final MethodDescriptor<byte[], byte[]> PROBE =
      MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("vmqsc.Probe/Knock").setRequestMarshaller(Bytes.INSTANCE)
          .setResponseMarshaller(Bytes.INSTANCE).build();

  @TempDir static Path dir;
  @TempDir static Path otherDir;
  static Fig2Cluster cluster;
  static TlsIdentity admin;
  static TlsIdentity foreign;

  @BeforeAll
  static void start() throws Exception {
    cluster = Fig2Cluster.start(Fig2Cluster.fig2(dir));
    admin = ClusterTls.identity(cluster.spec, ClusterTls.ADMIN);
    // Another cluster's CA, and a certificate it issued under the very name "admin".
    foreign = ClusterCa.create(otherDir, new SecureRandom()).issue(ClusterTls.ADMIN, List.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyListenerRefusesAllButAClientCertifiedByTheClusterCa() throws Exception {
    for (Map.Entry<String, String> listener : listeners().entrySet()) {
      String address = listener.getValue();
      assertThat(knock(address, null)).as(listener.getKey() + ", plaintext client")
          .isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(knock(address, GrpcSslContexts.forClient().trustManager(admin.ca()).build()))
          .as(listener.getKey() + ", TLS client without a certificate")
          .isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(knock(address, GrpcSslContexts.forClient().trustManager(admin.ca())
          .keyManager(foreign.privateKey(), foreign.certificate()).build()))
          .as(listener.getKey() + ", TLS client certified by another CA")
          .isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(knock(address, admin.clientContext()))
          .as(listener.getKey() + ", the cluster's admin certificate: past TLS to the dispatch")
          .isEqualTo(Status.Code.UNIMPLEMENTED);
    }
  }

  @Test
  void theCertifiedAdminIsServedForReal() {
    // Not only past the handshake: the manager and each host answer its calls.
    assertThat(cluster.client.clusterStatus().getHostsCount()).isEqualTo(2);
    assertThat(cluster.client.status(0).getVmsCount()).isEqualTo(2);
    assertThat(cluster.client.status(1).getVmsCount()).isEqualTo(2);
  }

  /** Every gRPC listener of the cluster, by name. */
  private static Map<String, String> listeners() {
    ClusterSpec s = cluster.spec;
    Map<String, String> all = new LinkedHashMap<>();
    all.put("manager", s.managerAddress());
    for (int h = 0; h < s.topology().hosts(); h++) {
      all.put("host " + h + " control", s.controlAddress(h));
      all.put("host " + h + " relay", s.relayAddress(h));
    }
    return all;
  }

  /**
   * One call over a fresh connection ({@code tls} null: plaintext) carrying the right secret;
   * the status it ended with (OK never: no service has the method).
   */
  private static Status.Code knock(String address, SslContext tls) {
    NettyChannelBuilder b = NettyChannelBuilder.forAddress(
        org.vmqsc.runtime.transport.Endpoints.parse(address));
    if (tls == null) {
      b.usePlaintext();
    } else {
      b.sslContext(tls);
    }
    ManagedChannel ch = b.intercept(new SecretClientInterceptor(cluster.secret)).build();
    try {
      StatusRuntimeException e = catchThrowableOfType(() -> ClientCalls.blockingUnaryCall(ch,
          PROBE, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), new byte[0]),
          StatusRuntimeException.class);
      assertThat(e).as("a call to a method nobody serves succeeded").isNotNull();
      return e.getStatus().getCode();
    } finally {
      ch.shutdownNow();
    }
  }

  private enum Bytes implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
