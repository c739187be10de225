package org.vmqsc.runtime.replica;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.vmqsc.runtime.transport.InterceptedChannel;

/**
 * The manager's side of term fencing: the Ratis term it leads in goes with every call it makes to
 * a hypervisor (a request header) and every answer it gives one (a response header), so that a
 * hypervisor can refuse a manager older than one it has heard from ({@link TermFence}). A manager
 * that is not replicated says term 0.
 */
public final class ManagerTerm {
  /** The header that carries the term, in decimal. */
  public static final Metadata.Key<String> KEY =
      Metadata.Key.of("vmqsc-manager-term", Metadata.ASCII_STRING_MARSHALLER);

  private ManagerTerm() {}

  /** {@code c}, whose every call says {@code term}. */
  public static ManagedChannel stamped(ManagedChannel c, long term) {
    String value = Long.toString(term);
    return new InterceptedChannel(c, new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> m, CallOptions o,
          Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(m, o)) {
          @Override
          public void start(Listener<A> listener, Metadata headers) {
            headers.put(KEY, value);
            super.start(listener, headers);
          }
        };
      }
    });
  }

  /** A server interceptor that says {@code term} in the headers of every answer. */
  public static ServerInterceptor stampAnswers(long term) {
    String value = Long.toString(term);
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata h,
          ServerCallHandler<Q, A> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          @Override
          public void sendHeaders(Metadata headers) {
            headers.put(KEY, value);
            super.sendHeaders(headers);
          }

          @Override
          public void close(io.grpc.Status status, Metadata trailers) {
            trailers.put(KEY, value); // an error without headers still says who refused
            super.close(status, trailers);
          }
        }, h);
      }
    };
  }

  /**
   * The term in {@code headers}: -1 when they carry none (an admin client, not a manager),
   * {@link Long#MIN_VALUE} when it is unreadable (refused).
   */
  static long of(Metadata headers) {
    String v = headers == null ? null : headers.get(KEY);
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }
}
