package org.vmqsc.runtime.transport;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.auth.MalformedRequests;
import org.vmqsc.runtime.auth.SecretClientInterceptor;
import org.vmqsc.runtime.auth.SecretServerInterceptor;
import org.vmqsc.runtime.auth.TlsIdentity;

/**
 * The one place that sets up gRPC servers and channels for a cluster, so that every service
 * (peer relay, manager, hypervisor) gets the same choices: mutual TLS with the cluster CA (unless
 * the cluster opted out), the cluster secret on every call,
 * {@code directExecutor} (our handlers only validate and hand off; they never block), a frame
 * size limit, and keepalives that notice a silent peer.
 */
public final class Endpoints {
  /** Largest frame a process accepts; bigger frames close their stream (RESOURCE_EXHAUSTED). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
  /**
   * Inbound frame limit of an admin client: answers such as the ledgers (two counts per pair of
   * VMs, ~260 KB at 256 VMs) grow with the square of the cluster. Servers keep the default; the
   * manager session splits what is larger (AckParts).
   */
  public static final int BULK_MAX_FRAME_BYTES = 8 << 20;
  public static final String DEFAULT_BIND_HOST = "127.0.0.1";
  /** The name every manager replica's certificate carries besides its addresses. */
  public static final String MANAGER_NAME = "vmqsc-manager";
  static final long KEEPALIVE_SECONDS = 30;
  static final long KEEPALIVE_TIMEOUT_SECONDS = 10;

  private Endpoints() {}

  /**
   * A plaintext server builder: for tests of one service alone and the plaintext arm of the
   * relay benchmark. A cluster's processes use {@link #server(String, int, ClusterSecret,
   * TlsIdentity, int)} with their identity.
   */
  public static NettyServerBuilder server(String bindHost, int port, ClusterSecret secret,
      int maxFrameBytes) {
    return server(bindHost, port, secret, null, maxFrameBytes);
  }

  /**
   * A server builder on {@code bindHost:port} (port 0: an ephemeral port); add services, start.
   * With {@code tls} every connection must present a certificate from the cluster CA (mutual
   * TLS; a plaintext or uncertified client fails the handshake); null: plaintext, only for a
   * cluster configured {@code tls: false}.
   */
  public static NettyServerBuilder server(String bindHost, int port, ClusterSecret secret,
      TlsIdentity tls, int maxFrameBytes) {
    NettyServerBuilder b = NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, port));
    if (tls != null) {
      b.sslContext(tls.serverContext());
    }
    return b
        .directExecutor()
        .maxInboundMessageSize(maxFrameBytes)
        .maxInboundMetadataSize(8 * 1024)
        .permitKeepAliveTime(KEEPALIVE_SECONDS / 2, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .intercept(new SecretServerInterceptor(secret))
        .setBinaryLog(new MalformedRequests()); // a garbage body: one line, not a trace
  }

  /**
   * A plaintext channel: for tests of one service alone and the plaintext arm of the relay
   * benchmark. A cluster's processes use {@link #channel(String, ClusterSecret, TlsIdentity,
   * int)} with their identity.
   */
  public static ManagedChannel channel(String address, ClusterSecret secret, int maxFrameBytes) {
    return channel(address, secret, null, maxFrameBytes);
  }

  /**
   * A channel to {@code address} ("host:port") whose every call carries the secret: with
   * {@code tls}, over mutual TLS (it presents its certificate and accepts only a server
   * certified by the cluster CA for the address dialled); null: plaintext. A comma-separated
   * list names a replicated manager's replicas: the leader's serves ({@link ManagerTargets}),
   * and over TLS the name checked is {@link #MANAGER_NAME}, which every replica's certificate
   * carries, since the channel does not know in advance which replica it reaches.
   */
  public static ManagedChannel channel(String address, ClusterSecret secret, TlsIdentity tls,
      int maxFrameBytes) {
    boolean replicas = ManagerTargets.isList(address);
    NettyChannelBuilder b = replicas
        ? NettyChannelBuilder.forTarget(ManagerTargets.target(address))
        : NettyChannelBuilder.forAddress(parse(address));
    if (tls != null) {
      b.sslContext(tls.clientContext());
      if (replicas) {
        b.overrideAuthority(MANAGER_NAME);
      }
    } else {
      b.usePlaintext();
    }
    ManagedChannel c = b
        .directExecutor()
        .maxInboundMessageSize(maxFrameBytes)
        .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        .intercept(new SecretClientInterceptor(secret))
        .build();
    return ManagerTargets.isList(address) ? ManagerTargets.eager(c) : c;
  }

  /** Parses "host:port" or "[v6]:port". */
  public static InetSocketAddress parse(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      throw new IllegalArgumentException("address \"" + address + "\" is not host:port");
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address \"" + address + "\": port is not a number");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("address \"" + address + "\": port out of 1..65535");
    }
    return new InetSocketAddress(host, port);
  }
}
