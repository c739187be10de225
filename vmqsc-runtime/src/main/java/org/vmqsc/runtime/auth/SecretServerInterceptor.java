package org.vmqsc.runtime.auth;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.lang.System.Logger.Level;

/**
 * Refuses, with {@code UNAUTHENTICATED}, every call whose headers lack the cluster secret or
 * carry another one. Installed on every server of a cluster process, so no method is reachable
 * without it.
 */
public final class SecretServerInterceptor implements ServerInterceptor {
  private static final System.Logger LOG = System.getLogger(SecretServerInterceptor.class.getName());

  private final ClusterSecret secret;

  public SecretServerInterceptor(ClusterSecret secret) {
    this.secret = secret;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String presented = headers.get(SecretHeader.KEY);
    if (secret.matches(presented)) {
      return next.startCall(call, headers);
    }
    String why = presented == null ? "no cluster secret" : "a wrong cluster secret";
    LOG.log(Level.WARNING, "refused {0} from {1}: {2}", call.getMethodDescriptor()
        .getFullMethodName(), call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), why);
    // Tell the caller what to fix without saying anything about the secret itself.
    call.close(Status.UNAUTHENTICATED.withDescription(
        "call carried " + why + " (metadata vmqsc-cluster-secret)"), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
