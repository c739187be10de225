package org.vmqsc.runtime.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** Adds the cluster secret to the headers of every call made through a channel. */
public final class SecretClientInterceptor implements ClientInterceptor {
  private final String secret;

  public SecretClientInterceptor(ClusterSecret secret) {
    this.secret = secret.asText();
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
      CallOptions options, Channel next) {
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        headers.put(SecretHeader.KEY, secret);
        super.start(listener, headers);
      }
    };
  }
}
