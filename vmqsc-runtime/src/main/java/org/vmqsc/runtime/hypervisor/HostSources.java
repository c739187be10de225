package org.vmqsc.runtime.hypervisor;

import org.vmqsc.runtime.metrics.HostMetrics;
import org.vmqsc.runtime.storage.FileStableStorage;
import org.vmqsc.runtime.transport.PeerLinks;
import org.vmqsc.runtime.transport.PeerRelayServer;

/**
 * What a hypervisor's parts count themselves, read by a scrape (any thread): the storage
 * writer's queue and bytes, the relay's frames, stalls and outstanding messages summed over the
 * peers. Nothing here runs on the event loop or the relay path.
 */
final class HostSources implements HostMetrics.Sources {
  /** Counting the stable log reads segment indexes: at most this often. */
  private static final long STABLE_LOG_EVERY_NANOS = 10_000_000_000L;

  private final HypervisorNode node;
  private final FileStableStorage storage;
  private final PeerLinks links;
  private final PeerRelayServer relay;
  private long stableLogAt;
  private long stableLog;

  HostSources(HypervisorNode node, FileStableStorage storage, PeerLinks links,
      PeerRelayServer relay) {
    this.node = node;
    this.storage = storage;
    this.links = links;
    this.relay = relay;
  }

  @Override
  public long storageQueue() {
    return storage.pendingWrites(node.host);
  }

  @Override
  public long storageBytes() {
    return storage.bytesWritten();
  }

  @Override
  public long relayReceived() {
    return relay.delivered();
  }

  @Override
  public long relayFrames() {
    long n = 0;
    for (int h : peers()) {
      n += links.framesWritten(h);
    }
    return n;
  }

  @Override
  public long relayStalls() {
    long n = 0;
    for (int h : peers()) {
      n += links.stalls(h);
    }
    return n;
  }

  @Override
  public long relayOutstanding() {
    long n = 0;
    for (int h : peers()) {
      n += links.outstanding(h);
    }
    return n;
  }

  @Override
  public synchronized long stableLogRecords() {
    long now = System.nanoTime();
    if (stableLogAt == 0 || now - stableLogAt >= STABLE_LOG_EVERY_NANOS) {
      long n = 0;
      for (int vm : node.localVms()) {
        n += storage.storedLogs(vm);
      }
      stableLog = n;
      stableLogAt = now;
    }
    return stableLog;
  }

  private int[] peers() {
    int hosts = node.topo.hosts();
    int[] out = new int[hosts - 1];
    for (int h = 0, i = 0; h < hosts; h++) {
      if (h != node.host) {
        out[i++] = h;
      }
    }
    return out;
  }
}
