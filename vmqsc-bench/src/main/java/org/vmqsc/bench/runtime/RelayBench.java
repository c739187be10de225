package org.vmqsc.bench.runtime;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Message;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.transport.PeerLinks;
import org.vmqsc.runtime.transport.PeerRelayServer;
import org.vmqsc.runtime.transport.RelayRules;

/**
 * VM messages relayed between two hosts' {@link PeerLinks} and {@link PeerRelayServer}s on
 * loopback, as the runtime will use them (secret checked, frames validated, delivery on the
 * server's delivery thread). Each message carries {@code System.nanoTime()} at send in its
 * payload; the receiving consumer records the difference.
 *
 * <p>Phases: one direction as fast as the link's writability allows (the sender pauses when
 * the link is full, as a hypervisor pauses its guests); both directions at once; one direction at
 * a fixed rate, well below saturation, for the latency of an unloaded link.
 *
 * <p>Usage: {@code RelayBench [seconds per phase, default 10] [capacity, default 4096]
 * [paced rate msgs/s, default 20000]}
 */
public final class RelayBench {
  private RelayBench() {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    int capacity = args.length > 1 ? Integer.parseInt(args[1]) : PeerLinks.DEFAULT_CAPACITY;
    int pacedRate = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    long phaseNanos = (long) (seconds * 1e9);

    Topology topo = new Topology(new int[] {1, 1}, new int[] {0, 1}, new long[2], 2, 64);
    ClusterSecret secret = ClusterSecret.generate(new SecureRandom());
    Histogram[] latency = {new Histogram(), new Histogram()};
    PeerRelayServer[] servers = new PeerRelayServer[2];
    for (int h = 0; h < 2; h++) {
      Histogram hist = latency[h];
      servers[h] = PeerRelayServer.builder(RelayRules.forHost(topo, h), secret,
          m -> hist.record(System.nanoTime() - m.payload)).start();
    }
    Map<Integer, String> addresses = Map.of(0, "127.0.0.1:" + servers[0].port(),
        1, "127.0.0.1:" + servers[1].port());
    Object signal = new Object();
    PeerLinks[] links = new PeerLinks[2];
    for (int h = 0; h < 2; h++) {
      links[h] = PeerLinks.builder(h, secret).peers(addresses).hostOf(topo::hostOf)
          .capacity(capacity).listener(host -> {
            synchronized (signal) {
              signal.notifyAll();
            }
          }).build();
    }
    System.out.printf(Locale.ROOT, "relay bench: %d cores, capacity %d, %.0f s a phase%n",
        Runtime.getRuntime().availableProcessors(), capacity, seconds);
    try {
      Sender s0 = new Sender(links[0], 0, 1, signal);
      Sender s1 = new Sender(links[1], 1, 0, signal);
      run("warm-up", Math.min(phaseNanos, 2_000_000_000L), latency, s0);
      run("one way, saturated", phaseNanos, latency, s0);
      run("both ways, saturated", phaseNanos, latency, s0, s1);
      s0.intervalNanos = 1_000_000_000L / pacedRate;
      run("one way, paced " + pacedRate + "/s", phaseNanos, latency, s0);
      System.out.printf(Locale.ROOT, "writer stalls on a full gRPC buffer: %d%n",
          links[0].stalls(1));
    } finally {
      for (PeerLinks l : links) {
        l.close();
      }
      for (PeerRelayServer s : servers) {
        s.close();
      }
    }
  }

  private static void run(String name, long nanos, Histogram[] latency, Sender... senders)
      throws InterruptedException {
    for (Histogram h : latency) {
      h.reset();
    }
    long[] before = {latency[0].count(), latency[1].count()};
    int sentBefore = 0;
    for (Sender s : senders) {
      sentBefore += s.seq;
    }
    long start = System.nanoTime();
    Thread[] threads = new Thread[senders.length];
    for (int i = 0; i < senders.length; i++) {
      Sender s = senders[i];
      threads[i] = new Thread(() -> s.runFor(start + nanos), "bench-sender-" + i);
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long elapsed = System.nanoTime() - start;
    // Wait for what is in flight, so the latencies include the tail.
    long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (Sender s : senders) {
      while (System.nanoTime() < drainUntil && s.links.outstanding(s.dest) > 0) {
        LockSupport.parkNanos(1_000_000);
      }
    }
    long got = latency[0].count() + latency[1].count() - before[0] - before[1];
    int sent = -sentBefore;
    for (Sender s : senders) {
      sent += s.seq;
    }
    if (got != sent) {
      System.out.printf(Locale.ROOT, "  (%s: sent %d, received %d)%n", name, sent, got);
    }
    Histogram all = Histogram.merge(latency[0], latency[1]);
    System.out.printf(Locale.ROOT,
        "%-28s %,10.0f msgs/s  latency p50 %8.1f us  p99 %8.1f us  max %8.1f us%n",
        name, got / (elapsed / 1e9), all.percentile(0.50) / 1e3, all.percentile(0.99) / 1e3,
        all.max() / 1e3);
  }

  /** Sends from one VM to the other host's VM, pausing while the link is full. */
  private static final class Sender {
    final PeerLinks links;
    final int from;
    final int dest;
    final Object signal;
    int seq;
    long intervalNanos; // 0: as fast as the link takes them

    Sender(PeerLinks links, int from, int dest, Object signal) {
      this.links = links;
      this.from = from;
      this.dest = dest;
      this.signal = signal;
    }

    void runFor(long until) {
      long next = System.nanoTime();
      while (true) {
        long now = System.nanoTime();
        if (now >= until) {
          return;
        }
        if (intervalNanos > 0) {
          if (now < next) {
            LockSupport.parkNanos(Math.min(next - now, 50_000));
            continue;
          }
          next += intervalNanos;
        }
        if (!links.writable(dest)) {
          synchronized (signal) {
            while (!links.writable(dest) && System.nanoTime() < until) {
              try {
                signal.wait(10);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
          }
          continue;
        }
        links.send(dest, new Message(from, dest, ++seq, 0, 0, System.nanoTime(), 0));
      }
    }
  }

  /** Latencies in 1 µs buckets up to 1 s; one writer (a delivery thread), read after a phase. */
  private static final class Histogram {
    private static final int BUCKETS = 1_000_000;
    private final long[] counts = new long[BUCKETS + 1];
    private final AtomicLong count = new AtomicLong();
    private volatile long max;

    void record(long nanos) {
      int b = (int) Math.min(Math.max(nanos, 0) / 1_000, BUCKETS);
      counts[b]++;
      if (nanos > max) {
        max = nanos;
      }
      count.lazySet(count.get() + 1);
    }

    long count() {
      return count.get();
    }

    long max() {
      return max;
    }

    void reset() {
      java.util.Arrays.fill(counts, 0);
      max = 0;
    }

    static Histogram merge(Histogram a, Histogram b) {
      Histogram m = new Histogram();
      for (int i = 0; i <= BUCKETS; i++) {
        m.counts[i] = a.counts[i] + b.counts[i];
      }
      m.max = Math.max(a.max, b.max);
      return m;
    }

    /** In nanoseconds, to the bucket's upper edge. */
    double percentile(double p) {
      long total = 0;
      for (long c : counts) {
        total += c;
      }
      long rank = (long) Math.ceil(p * total);
      long seen = 0;
      for (int i = 0; i <= BUCKETS; i++) {
        seen += counts[i];
        if (seen >= rank && seen > 0) {
          return (i + 1) * 1_000.0;
        }
      }
      return 0;
    }
  }
}
