package org.vmqsc.runtime.transport;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A channel to a replicated manager: "host:port,host:port,..." names every replica, and only the
 * Ratis leader's manager listens (docs/runtime.md "Replicated manager"). The addresses go to
 * gRPC's pick-first policy in order, which connects to the first that accepts and, when that
 * connection breaks (the leader died or stepped down), starts over: the channel follows the
 * leader with no code of ours in between.
 */
public final class ManagerTargets {
  static final String SCHEME = "vmqsc-managers";
  private static volatile boolean registered;

  private ManagerTargets() {}

  /**
   * {@code c}, which asks the replicas again at once when a call finds every one refusing (no
   * leader yet, or a new one being elected). gRPC would otherwise wait out its growing backoff
   * (1 s, 1.6 s, 2.6 s, ... up to two minutes) after the first failed round, and a host or
   * command would find the new leader long after it serves.
   */
  static io.grpc.ManagedChannel eager(io.grpc.ManagedChannel c) {
    return new InterceptedChannel(c, new io.grpc.ClientInterceptor() {
      @Override
      public <Q, A> io.grpc.ClientCall<Q, A> interceptCall(io.grpc.MethodDescriptor<Q, A> m,
          io.grpc.CallOptions o, io.grpc.Channel next) {
        if (c.getState(false) == io.grpc.ConnectivityState.TRANSIENT_FAILURE) {
          c.resetConnectBackoff();
        }
        return next.newCall(m, o);
      }
    });
  }

  /** Whether {@code address} names several replicas. */
  static boolean isList(String address) {
    return address.indexOf(',') >= 0;
  }

  /** The gRPC target for a comma-separated list of "host:port" (each checked here). */
  static synchronized String target(String addresses) {
    for (String a : addresses.split(",")) {
      Endpoints.parse(a.strip()); // one bad address fails here, named
    }
    if (!registered) {
      NameResolverRegistry.getDefaultRegistry().register(new Provider());
      registered = true;
    }
    return SCHEME + ":///" + addresses.replace(" ", "");
  }

  private static final class Provider extends NameResolverProvider {
    @Override
    public NameResolver newNameResolver(URI uri, NameResolver.Args args) {
      if (!SCHEME.equals(uri.getScheme())) {
        return null;
      }
      List<EquivalentAddressGroup> groups = new ArrayList<>();
      for (String a : uri.getPath().substring(1).split(",")) {
        groups.add(new EquivalentAddressGroup((SocketAddress) Endpoints.parse(a)));
      }
      return new Fixed(uri.getPath().substring(1), groups);
    }

    @Override
    public String getDefaultScheme() {
      return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
      return true;
    }

    @Override
    protected int priority() {
      return 5;
    }

    @Override
    public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
      return List.of(java.net.InetSocketAddress.class);
    }
  }

  /** The same addresses every time it is asked: replicas do not move while a cluster runs. */
  private static final class Fixed extends NameResolver {
    private final String authority;
    private final List<EquivalentAddressGroup> groups;
    private Listener2 listener;

    Fixed(String authority, List<EquivalentAddressGroup> groups) {
      this.authority = authority;
      this.groups = groups;
    }

    @Override
    public String getServiceAuthority() {
      return "vmqsc-manager";
    }

    @Override
    public void start(Listener2 l) {
      this.listener = l;
      resolve();
    }

    @Override
    public void refresh() {
      resolve();
    }

    @SuppressWarnings("deprecation") // setAddresses: the form every 1.x release takes
    private void resolve() {
      listener.onResult(ResolutionResult.newBuilder().setAddresses(groups).build());
    }

    @Override
    public void shutdown() {}

    @Override
    public String toString() {
      return authority;
    }
  }
}
