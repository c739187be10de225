package org.vmqsc.runtime.replica;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import org.vmqsc.runtime.transport.InterceptedChannel;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hypervisor's side of term fencing: the highest manager term it has heard ({@link
 * ManagerTerm}). A manager call stamped with a lower term (recovery phases, end of recovery) is
 * refused, and so is an answer of a lower term on the hypervisor's own calls to the manager (a
 * join, the session that carries announcements): a replica that lost the leadership, but has not
 * noticed yet (paused, partitioned away from the others), cannot drive this host. Calls without
 * a term (admin clients) pass.
 */
public final class TermFence {
  private static final Logger LOG = LoggerFactory.getLogger(TermFence.class);
  /** The start of the refusal's description. */
  public static final String STALE = "stale manager term ";

  private final String who;
  private final AtomicLong highest = new AtomicLong();

  /** {@code who}: the owner, for the log ("host 3"). */
  public TermFence(String who) {
    this.who = who;
  }

  /** The highest term heard so far (0 before any). */
  public long highest() {
    return highest.get();
  }

  /**
   * Whether a manager of {@code term} may be heard (-1: no term, an admin client); a higher term
   * than any before becomes the fence.
   */
  public boolean admit(long term) {
    if (term == -1) {
      return true;
    }
    while (true) {
      long h = highest.get();
      if (term < h) {
        LOG.warn("{}: refused a manager of term {}: term {} leads now", who, term, h);
        return false;
      }
      if (term == h || highest.compareAndSet(h, term)) {
        return true;
      }
    }
  }

  private String refusal(long term) {
    return STALE + term + " (" + who + " has heard term " + highest.get() + ")";
  }

  /** For the hypervisor's server: refuses a call from a manager of a lower term. */
  public ServerInterceptor refuseStaleCalls() {
    return new ServerInterceptor() {
      @Override
      public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata h,
          ServerCallHandler<Q, A> next) {
        long term = ManagerTerm.of(h);
        if (!admit(term)) {
          call.close(Status.FAILED_PRECONDITION.withDescription(refusal(term)), new Metadata());
          return new ServerCall.Listener<>() {};
        }
        return next.startCall(call, h);
      }
    };
  }

  /**
   * {@code c} (to the manager), whose calls fail with FAILED_PRECONDITION when the manager that
   * answers says a lower term than this fence: nothing it sent is passed on.
   */
  public ManagedChannel watch(ManagedChannel c) {
    return new InterceptedChannel(c, new ClientInterceptor() {
      @Override
      public <Q, A> ClientCall<Q, A> interceptCall(MethodDescriptor<Q, A> m, CallOptions o,
          Channel next) {
        return new Fenced<>(next.newCall(m, o));
      }
    });
  }

  /** A call whose answers pass only from a manager this fence admits. */
  private final class Fenced<Q, A> extends ForwardingClientCall.SimpleForwardingClientCall<Q, A> {
    private volatile String stale;

    Fenced(ClientCall<Q, A> call) {
      super(call);
    }

    @Override
    public void start(Listener<A> listener, Metadata headers) {
      super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
        @Override
        public void onHeaders(Metadata h) {
          check(h);
          if (stale == null) {
            super.onHeaders(h);
          }
        }

        @Override
        public void onMessage(A message) {
          if (stale == null) {
            super.onMessage(message);
          }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          if (stale == null) {
            check(trailers); // an error that came without headers
          }
          super.onClose(stale == null ? status
              : Status.FAILED_PRECONDITION.withDescription(stale), trailers);
        }
      }, headers);
    }

    private void check(Metadata h) {
      long term = ManagerTerm.of(h);
      if (stale == null && !admit(term)) {
        stale = refusal(term);
        cancel(stale, null);
      }
    }
  }
}
