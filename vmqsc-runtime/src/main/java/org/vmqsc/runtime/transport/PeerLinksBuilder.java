package org.vmqsc.runtime.transport;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntUnaryOperator;
import org.vmqsc.runtime.auth.ClusterSecret;

/** Peers, capacity and the like; checked here, so a built {@code PeerLinks} is sound. */
public final class PeerLinksBuilder {
  final int localHost;
  final ClusterSecret secret;
  final Map<Integer, String> peers = new HashMap<>();
  IntUnaryOperator hostOf;
  int capacity = PeerLinks.DEFAULT_CAPACITY;
  int maxBatch = PeerLinks.DEFAULT_MAX_BATCH;
  int maxFrameBytes = Endpoints.DEFAULT_MAX_FRAME_BYTES;
  long lingerMicros;
  PeerLinks.WritableListener listener = host -> {};
  java.util.function.LongConsumer ackLatency = nanos -> {};
  org.vmqsc.runtime.auth.TlsIdentity tls;

  PeerLinksBuilder(int localHost, ClusterSecret secret) {
    if (localHost < 0) {
      throw new IllegalArgumentException("localHost must be >= 0, got " + localHost);
    }
    this.localHost = localHost;
    this.secret = Objects.requireNonNull(secret, "secret");
  }

  /** A peer host and its relay address, "127.0.0.1:port". */
  public PeerLinksBuilder peer(int host, String address) {
    if (host == localHost || host < 0) {
      throw new IllegalArgumentException("peer host " + host + " (local host " + localHost
          + ")");
    }
    Endpoints.parse(address); // fail here, with the address in the message
    peers.put(host, address);
    return this;
  }

  public PeerLinksBuilder peers(Map<Integer, String> addresses) {
    addresses.forEach((h, a) -> {
      if (h != localHost) {
        peer(h, a);
      }
    });
    return this;
  }

  /** Where each VM runs; enables the check that only local VMs send. */
  public PeerLinksBuilder hostOf(IntUnaryOperator hostOf) {
    this.hostOf = Objects.requireNonNull(hostOf, "hostOf");
    return this;
  }

  /** Outstanding messages per link before it stops being writable (default 4096). */
  public PeerLinksBuilder capacity(int messages) {
    if (messages < 2) {
      throw new IllegalArgumentException("capacity must be >= 2, got " + messages);
    }
    this.capacity = messages;
    return this;
  }

  public PeerLinksBuilder maxBatch(int messages) {
    if (messages < 1 || messages > PeerLinks.MAX_BATCH_LIMIT) {
      throw new IllegalArgumentException("maxBatch must be in 1.." + PeerLinks.MAX_BATCH_LIMIT
          + ", got " + messages);
    }
    this.maxBatch = messages;
    return this;
  }

  public PeerLinksBuilder maxFrameBytes(int bytes) {
    this.maxFrameBytes = bytes;
    return this;
  }

  /**
   * How long a sent message may wait for more to share its frame (default 0: each send wakes
   * the writer). A caller that sets it calls {@link PeerLinks#flush} when its burst is over.
   */
  public PeerLinksBuilder lingerMicros(long micros) {
    if (micros < 0 || micros > PeerLinks.MAX_LINGER_MICROS) {
      throw new IllegalArgumentException("lingerMicros must be in 0.."
          + PeerLinks.MAX_LINGER_MICROS + ", got " + micros);
    }
    this.lingerMicros = micros;
    return this;
  }

  /** Runs on the writer thread; must not block. */
  /**
   * Told, on the writer thread, the time from a batch's write to the acknowledgement that covers
   * it (nanoseconds): the relay's latency to delivery and back, one sample per batch, not per
   * message.
   */
  public PeerLinksBuilder ackLatency(java.util.function.LongConsumer observer) {
    this.ackLatency = Objects.requireNonNull(observer, "observer");
    return this;
  }

  public PeerLinksBuilder listener(PeerLinks.WritableListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return this;
  }

  /** Mutual TLS with this identity's cluster CA (default none: plaintext, for tests alone). */
  public PeerLinksBuilder tls(org.vmqsc.runtime.auth.TlsIdentity identity) {
    this.tls = identity;
    return this;
  }

  public PeerLinks build() {
    return new PeerLinks(this);
  }
}
