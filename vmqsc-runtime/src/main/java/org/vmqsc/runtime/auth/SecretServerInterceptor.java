package org.vmqsc.runtime.auth;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;

/**
 * Refuses, with {@code UNAUTHENTICATED}, every call whose headers lack the cluster secret or
 * carry another one. Installed on every server of a cluster process, so no method is reachable
 * without it. Refusals are logged at most once per peer address per 10 s ({@link PeerLog}).
 */
public final class SecretServerInterceptor implements ServerInterceptor {
  private final ClusterSecret secret;
  private final PeerLog log;

  public SecretServerInterceptor(ClusterSecret secret) {
    this(secret, PeerLog.toLog());
  }

  SecretServerInterceptor(ClusterSecret secret, PeerLog log) {
    this.secret = secret;
    this.log = log;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String presented = headers.get(SecretHeader.KEY);
    if (secret.matches(presented)) {
      return next.startCall(call, headers);
    }
    String why = presented == null ? "no cluster secret" : "a wrong cluster secret";
    SocketAddress peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    log.warn(peer, "refused " + call.getMethodDescriptor().getFullMethodName() + " from "
        + PeerLog.host(peer) + ": " + why);
    // Tell the caller what to fix without saying anything about the secret itself.
    call.close(Status.UNAUTHENTICATED.withDescription(
        "call carried " + why + " (metadata vmqsc-cluster-secret)"), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
