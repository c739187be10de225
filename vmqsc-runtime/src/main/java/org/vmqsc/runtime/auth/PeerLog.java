package org.vmqsc.runtime.auth;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warnings about calls a server refused, at most one line per peer address per {@link #WINDOW_NANOS}
 * (10 s); the next line says how many were left out meanwhile. A stranger hammering a port (300
 * unauthenticated calls wrote 54 KB of identical warnings) must not fill the disk the cluster's
 * storage and logs share, while the first refusal is still said at once.
 */
final class PeerLog {
  static final long WINDOW_NANOS = 10_000_000_000L;
  /** Peers remembered; beyond it the longest-quiet one is forgotten (a flood of addresses). */
  private static final int MAX_PEERS = 1024;
  private static final Logger LOG = LoggerFactory.getLogger(PeerLog.class);

  /** A new one writing WARNINGs to the process's log; one per server (and kind of refusal). */
  static PeerLog toLog() {
    return new PeerLog(System::nanoTime, line -> LOG.warn(line));
  }

  private final LongSupplier nanos;
  private final Consumer<String> out;
  private final Map<String, long[]> peers = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
      return size() > MAX_PEERS;
    }
  };

  PeerLog(LongSupplier nanos, Consumer<String> out) {
    this.nanos = nanos;
    this.out = out;
  }

  /** Says {@code line} unless this peer had a line less than 10 s ago (then counts it). */
  void warn(SocketAddress peer, String line) {
    String key = host(peer);
    long suppressed;
    synchronized (this) {
      long now = nanos.getAsLong();
      long[] seen = peers.get(key); // {when said, how many left out since}
      if (seen != null && now - seen[0] < WINDOW_NANOS) {
        seen[1]++;
        return;
      }
      suppressed = seen == null ? 0 : seen[1];
      peers.put(key, new long[] {now, 0});
    }
    out.accept(suppressed == 0 ? line : line + " (" + suppressed + " more from " + key
        + " not logged)");
  }

  /** The peer's address without its port: each connection comes from a new port. */
  static String host(SocketAddress peer) {
    if (peer instanceof InetSocketAddress a) {
      return a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
    }
    return String.valueOf(peer);
  }
}
