package org.vmqsc.bench.runtime;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Message;
import org.vmqsc.runtime.auth.ClusterCa;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.auth.TlsIdentity;
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
 * <p>With {@code --tls-trials N}: mutual TLS against plaintext in one run. Each of N trials runs
 * both arms, each on a fresh pair of servers and links (TLS: certificates from a new cluster CA,
 * as {@code cluster up} makes them), the order alternating from trial to trial so that neither
 * always runs first (on a cold JIT, or in a quiet moment of a shared machine); at the end, per
 * arm and phase, the median over the trials, and the load average before and after.
 *
 * <p>Usage: {@code RelayBench [seconds per phase, default 10] [capacity, default 4096]
 * [paced rate msgs/s, default 20000] [--tls-trials N]}
 */
public final class RelayBench {
  private RelayBench() {}

  /** One phase's figures: throughput, and latency from send to delivery. */
  record Phase(String name, double msgsPerSec, double p50Micros, double p99Micros) {}

  public static void main(String[] argv) throws Exception {
    org.vmqsc.bench.BenchArgs parsed;
    int trials;
    try {
      parsed = org.vmqsc.bench.BenchArgs.parse(argv, java.util.Set.of("--tls-trials"));
      String t = parsed.option("--tls-trials");
      trials = t == null ? 0 : Integer.parseInt(t);
      if (trials < 0) {
        throw new IllegalArgumentException("--tls-trials must be >= 1, got " + t);
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    String[] args = parsed.positional();
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    int capacity = args.length > 1 ? Integer.parseInt(args[1]) : PeerLinks.DEFAULT_CAPACITY;
    int pacedRate = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    System.out.printf(Locale.ROOT,
        "relay bench: %d cores, capacity %d, %.0f s a phase, load %.2f%n",
        Runtime.getRuntime().availableProcessors(), capacity, seconds,
        org.vmqsc.bench.CsvLog.load());
    if (trials == 0) {
      trial(null, seconds, capacity, pacedRate);
      return;
    }
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("vmqsc-relay-tls");
    TlsIdentity[] ids = new TlsIdentity[2];
    ClusterCa ca = ClusterCa.create(dir, new SecureRandom());
    for (int h = 0; h < 2; h++) {
      ids[h] = ca.issue("host-" + h, java.util.List.of());
    }
    Map<String, java.util.List<java.util.List<Phase>>> arms = new java.util.LinkedHashMap<>();
    arms.put("plaintext", new java.util.ArrayList<>());
    arms.put("mTLS", new java.util.ArrayList<>());
    double loadBefore = org.vmqsc.bench.CsvLog.load();
    for (int t = 0; t < trials; t++) {
      for (int i = 0; i < 2; i++) {
        boolean tls = (i + t) % 2 == 1; // trial 0: plaintext first; trial 1: mTLS first; ...
        System.out.printf(Locale.ROOT, "trial %d, %s (load %.2f)%n", t + 1,
            tls ? "mTLS" : "plaintext", org.vmqsc.bench.CsvLog.load());
        arms.get(tls ? "mTLS" : "plaintext").add(trial(tls ? ids : null, seconds, capacity,
            pacedRate));
      }
    }
    org.vmqsc.runtime.cluster.Dirs.deleteTree(dir);
    System.out.printf(Locale.ROOT, "%nmedians of %d trials (load average %.2f before, %.2f after):"
        + "%n%-26s %-10s %12s %10s %10s%n", trials, loadBefore, org.vmqsc.bench.CsvLog.load(),
        "phase", "arm", "msgs/s", "p50 us", "p99 us");
    java.util.List<Phase> first = arms.get("plaintext").get(0);
    for (int ph = 0; ph < first.size(); ph++) {
      for (var arm : arms.entrySet()) {
        int k = ph;
        java.util.List<Phase> runs = arm.getValue().stream().map(r -> r.get(k)).toList();
        System.out.printf(Locale.ROOT, "%-26s %-10s %,12.0f %10.1f %10.1f%n",
            first.get(ph).name(), arm.getKey(),
            median(runs.stream().mapToDouble(Phase::msgsPerSec).toArray()),
            median(runs.stream().mapToDouble(Phase::p50Micros).toArray()),
            median(runs.stream().mapToDouble(Phase::p99Micros).toArray()));
      }
    }
  }

  /**
   * One pair of hosts' relay (over mutual TLS with {@code tls[h]} as host h's identity; null:
   * plaintext) through the warm-up and the three phases; the phases' figures, warm-up left out.
   */
  static java.util.List<Phase> trial(TlsIdentity[] tls, double seconds, int capacity,
      int pacedRate) throws Exception {
    long phaseNanos = (long) (seconds * 1e9);
    Topology topo = new Topology(new int[] {1, 1}, new int[] {0, 1}, new long[2], 2, 64);
    ClusterSecret secret = ClusterSecret.generate(new SecureRandom());
    Histogram[] latency = {new Histogram(), new Histogram()};
    PeerRelayServer[] servers = new PeerRelayServer[2];
    PeerLinks[] links = new PeerLinks[2];
    try {
      for (int h = 0; h < 2; h++) {
        Histogram hist = latency[h];
        servers[h] = PeerRelayServer.builder(RelayRules.forHost(topo, h), secret,
            m -> hist.record(System.nanoTime() - m.payload)).tls(tls == null ? null : tls[h])
            .start();
      }
      Map<Integer, String> addresses = Map.of(0, "127.0.0.1:" + servers[0].port(),
          1, "127.0.0.1:" + servers[1].port());
      Object signal = new Object();
      for (int h = 0; h < 2; h++) {
        links[h] = PeerLinks.builder(h, secret).tls(tls == null ? null : tls[h])
            .peers(addresses).hostOf(topo::hostOf).capacity(capacity).listener(host -> {
              synchronized (signal) {
                signal.notifyAll();
              }
            }).build();
      }
      Sender s0 = new Sender(links[0], 0, 1, signal);
      Sender s1 = new Sender(links[1], 1, 0, signal);
      run("warm-up", Math.min(phaseNanos, 2_000_000_000L), latency, s0);
      java.util.List<Phase> phases = new java.util.ArrayList<>();
      phases.add(run("one way, saturated", phaseNanos, latency, s0));
      phases.add(run("both ways, saturated", phaseNanos, latency, s0, s1));
      s0.intervalNanos = 1_000_000_000L / pacedRate;
      phases.add(run("one way, paced " + pacedRate + "/s", phaseNanos, latency, s0));
      System.out.printf(Locale.ROOT, "writer stalls on a full gRPC buffer: %d%n",
          links[0].stalls(1));
      return phases;
    } finally {
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

  private static double median(double[] xs) {
    double[] s = xs.clone();
    java.util.Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  private static Phase run(String name, long nanos, Histogram[] latency, Sender... senders)
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
    Phase p = new Phase(name, got / (elapsed / 1e9), all.percentile(0.50) / 1e3,
        all.percentile(0.99) / 1e3);
    System.out.printf(Locale.ROOT,
        "%-28s %,10.0f msgs/s  latency p50 %8.1f us  p99 %8.1f us  max %8.1f us%n",
        name, p.msgsPerSec(), p.p50Micros(), p.p99Micros(), all.max() / 1e3);
    return p;
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
