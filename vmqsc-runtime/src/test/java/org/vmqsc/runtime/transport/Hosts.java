package org.vmqsc.runtime.transport;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Message;
import org.vmqsc.runtime.auth.ClusterSecret;

/**
 * A few hosts on 127.0.0.1 for transport tests: each has a {@link PeerRelayServer} on an
 * ephemeral port that records what it delivers, and {@link PeerLinks} to the others. Four VMs per
 * host: VM v runs on host v / 4.
 */
final class Hosts implements AutoCloseable {
  static final int VMS_PER_HOST = 4;
  static final ClusterSecret SECRET = ClusterSecret.generate(new SecureRandom());

  final Topology topo;
  final PeerRelayServer[] servers;
  final PeerLinks[] links;
  final List<List<Message>> received = new ArrayList<>();
  final Object writableSignal = new Object();
  private final List<Consumer<Message>> consumers = new ArrayList<>();

  Hosts(int hosts, int capacity, Consumer<Message> slowdown) throws IOException {
    this(hosts, hosts, capacity, slowdown);
  }

  /** Hosts {@code linked..hosts-1} get a server but no links: a test drives their streams. */
  Hosts(int hosts, int linked, int capacity, Consumer<Message> slowdown) throws IOException {
    this(hosts, linked, capacity, 0, slowdown, nanos -> {});
  }

  /** Links that batch as the hypervisor's do: sends wait up to the linger, or a flush. */
  static Hosts lingering(int hosts, int capacity, long lingerMicros, Consumer<Message> slowdown)
      throws IOException {
    return new Hosts(hosts, hosts, capacity, lingerMicros, slowdown, nanos -> {});
  }

  /** Lingering links whose batches' write-to-acknowledgement times go to {@code ackLatency}. */
  static Hosts timed(int hosts, long lingerMicros, Consumer<Message> slowdown,
      java.util.function.LongConsumer ackLatency) throws IOException {
    return new Hosts(hosts, hosts, PeerLinks.DEFAULT_CAPACITY, lingerMicros, slowdown,
        ackLatency);
  }

  private Hosts(int hosts, int linked, int capacity, long lingerMicros,
      Consumer<Message> slowdown, java.util.function.LongConsumer ackLatency) throws IOException {
    int vms = hosts * VMS_PER_HOST;
    int[] k = new int[vms];
    int[] hostOf = new int[vms];
    for (int v = 0; v < vms; v++) {
      k[v] = 1;
      hostOf[v] = v / VMS_PER_HOST;
    }
    topo = new Topology(k, hostOf, new long[vms], hosts, 64);
    servers = new PeerRelayServer[hosts];
    links = new PeerLinks[hosts];
    Map<Integer, String> addresses = new HashMap<>();
    for (int h = 0; h < hosts; h++) {
      List<Message> got = new ArrayList<>();
      received.add(got);
      consumers.add(m -> {
        slowdown.accept(m);
        synchronized (got) {
          got.add(m);
        }
      });
      servers[h] = PeerRelayServer.builder(RelayRules.forHost(topo, h), SECRET, consumers.get(h))
          .start();
      addresses.put(h, "127.0.0.1:" + servers[h].port());
    }
    for (int h = 0; h < linked; h++) {
      links[h] = PeerLinks.builder(h, SECRET).peers(addresses).hostOf(topo::hostOf)
          .capacity(capacity).lingerMicros(lingerMicros).ackLatency(ackLatency).listener(host -> {
            synchronized (writableSignal) {
              writableSignal.notifyAll();
            }
          }).build();
    }
  }

  /** Stops host {@code h}'s server, as if its hypervisor process died. */
  int stopServer(int h) throws InterruptedException {
    int port = servers[h].port();
    servers[h].close();
    servers[h] = null;
    return port;
  }

  /** A new server process for host {@code h} on its old port; it records into the same list. */
  void startServer(int h, int port) throws IOException {
    servers[h] = PeerRelayServer.builder(RelayRules.forHost(topo, h), SECRET, consumers.get(h))
        .bind("127.0.0.1", port).start();
  }

  /** The i-th message (from 1) of channel from -> to; the payload is i. */
  static Message msg(int from, int to, int i) {
    return new Message(from, to, i, 0, 0, i, 1);
  }

  /** Sends as a hypervisor would: waits while the link is not writable. */
  void sendObeying(int fromHost, int destHost, Message m) throws InterruptedException {
    PeerLinks l = links[fromHost];
    synchronized (writableSignal) {
      while (!l.writable(destHost)) {
        writableSignal.wait(100);
      }
    }
    l.send(destHost, m);
  }

  List<Message> received(int host) {
    List<Message> got = received.get(host);
    synchronized (got) {
      return new ArrayList<>(got);
    }
  }

  int receivedCount(int host) {
    List<Message> got = received.get(host);
    synchronized (got) {
      return got.size();
    }
  }

  static void await(BooleanSupplier condition, Duration limit, String what) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit + " waiting for " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }

  @Override
  public void close() throws InterruptedException {
    for (PeerLinks l : links) {
      if (l != null) {
        l.close();
      }
    }
    for (PeerRelayServer s : servers) {
      if (s != null) {
        s.close();
      }
    }
  }
}
