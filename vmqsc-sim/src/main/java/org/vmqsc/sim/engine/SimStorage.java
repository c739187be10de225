package org.vmqsc.sim.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.StableStorage;

/**
 * Simulated stable storage with one lazy writer per host (R10): staged items wait
 * {@code lazyDelay} (checkpoints only; logs are eligible at once), then are written one after
 * another at the host's bandwidth. An item is durable, and visible to recovery, only once its
 * write completes; a host failure loses everything it had staged (P5).
 */
final class SimStorage implements StableStorage {
  interface Completion {
    void written(int host, long ticket, long at);
  }

  private static final class Pending {
    final long ticket;
    final StableItem item;
    final long eligibleAt;

    Pending(long ticket, StableItem item, long eligibleAt) {
      this.ticket = ticket;
      this.item = item;
      this.eligibleAt = eligibleAt;
    }
  }

  private final EventQueue queue;
  private final double bytesPerMilli;
  private final long lazyDelayMillis;
  private final ArrayDeque<Pending>[] staged;
  private final long[] nextTicket;
  private final boolean[] busy;
  private final int[] epoch;
  private final List<StableItem>[] durable;
  private final List<int[]>[] rollbacks;
  /** Checkpoints written but found damaged when read back (D15), per VM. */
  private final List<CheckpointItem>[] damaged;
  private double damage;
  private SplittableRandom damageRnd;
  private long now;
  long bytesWritten;
  long bytesHeld;
  long peakBytesHeld;

  @SuppressWarnings("unchecked")
  SimStorage(EventQueue queue, int hosts, int vms, double bytesPerSecond, long lazyDelayMillis) {
    this.queue = queue;
    this.bytesPerMilli = bytesPerSecond / 1000.0;
    this.lazyDelayMillis = lazyDelayMillis;
    this.staged = new ArrayDeque[hosts];
    this.nextTicket = new long[hosts];
    this.busy = new boolean[hosts];
    this.epoch = new int[hosts];
    this.durable = new List[vms];
    this.rollbacks = new List[vms];
    this.damaged = new List[vms];
    for (int h = 0; h < hosts; h++) {
      staged[h] = new ArrayDeque<>();
    }
    for (int v = 0; v < vms; v++) {
      durable[v] = new ArrayList<>();
      damaged[v] = new ArrayList<>();
    }
  }

  /**
   * Silent corruption: each checkpoint written is, with probability {@code p}, found damaged when
   * recovery reads it (its write completed, so the protocol counted it durable).
   */
  void damage(double p, SplittableRandom rnd) {
    this.damage = p;
    this.damageRnd = rnd;
  }

  /** Storage that can be damaged keeps the previous line restorable too (D15). */
  @Override
  public int linesKept() {
    return damage > 0 ? 2 : 1;
  }

  @Override
  public List<int[]> damagedAbove(int vm, int line) {
    if (damaged[vm].isEmpty()) {
      return List.of();
    }
    int good = -1;
    for (StableItem it : durable[vm]) {
      if (it instanceof CheckpointItem c && c.firstIndex() <= line) {
        good = Math.max(good, c.firstIndex());
      }
    }
    List<int[]> out = new ArrayList<>();
    for (CheckpointItem c : damaged[vm]) {
      if (c.firstIndex() <= line && c.firstIndex() > good) {
        out.add(new int[] {c.firstIndex(), c.incarnation()});
      }
    }
    return out;
  }

  void setNow(long t) {
    now = t;
  }

  @Override
  public long stage(int host, StableItem item) {
    long ticket = ++nextTicket[host];
    long delay = item instanceof CheckpointItem ? lazyDelayMillis : 0;
    staged[host].addLast(new Pending(ticket, item, now + delay));
    if (!busy[host]) {
      startNext(host);
    }
    return ticket;
  }

  private void startNext(int host) {
    Pending p = staged[host].peekFirst();
    if (p == null) {
      busy[host] = false;
      return;
    }
    busy[host] = true;
    long start = Math.max(now, p.eligibleAt);
    long done = start + (long) Math.ceil(p.item.bytes() / bytesPerMilli);
    queue.schedule(done, Event.Kind.WRITE_DONE, host, epoch[host], null);
  }

  /** The head write of {@code host} completed; returns its ticket, or -1 if the event is stale. */
  long complete(int host, long eventEpoch) {
    if (eventEpoch != epoch[host]) {
      return -1;
    }
    Pending p = staged[host].pollFirst();
    bytesWritten += p.item.bytes();
    if (!undone(p.item)) {
      boolean rots = damage > 0 && p.item instanceof CheckpointItem
          && damageRnd.nextDouble() < damage;
      if (rots) {
        damaged[p.item.vm()].add((CheckpointItem) p.item);
      } else {
        durable[p.item.vm()].add(p.item);
      }
      bytesHeld += p.item.bytes();
      peakBytesHeld = Math.max(peakBytesHeld, bytesHeld);
    }
    startNext(host);
    return p.ticket;
  }

  /** Number of writes the host has staged that are not yet durable. */
  int pendingWrites(int host) {
    return staged[host].size();
  }

  /** The host crashed: what it had staged is gone; its in-progress write never completes. */
  void hostFailed(int host) {
    staged[host].clear();
    busy[host] = false;
    epoch[host]++;
  }

  @Override
  public void preload(StableItem item) {
    durable[item.vm()].add(item);
    bytesHeld += item.bytes();
    peakBytesHeld = Math.max(peakBytesHeld, bytesHeld);
  }

  @Override
  public List<StableItem> durableItems(int vm) {
    return List.copyOf(durable[vm]);
  }

  @Override
  public void reclaim(int vm, int lineIndex) {
    int base = -1;
    for (StableItem it : durable[vm]) {
      if (it instanceof CheckpointItem c && c.firstIndex() <= lineIndex && c.firstIndex() > base) {
        base = c.firstIndex();
      }
    }
    if (base < 0 || durable[vm].get(0).interval() >= base) {
      return; // nothing below the line's checkpoint: the common case, once per line and VM
    }
    final int keepFrom = base;
    damaged[vm].removeIf(it -> it.interval() < keepFrom);
    durable[vm].removeIf(it -> {
      boolean drop = it.interval() < keepFrom;
      if (drop) {
        bytesHeld -= it.bytes();
      }
      return drop;
    });
  }

  @Override
  public void discardFuture(int vm, int incarnation, int fromInterval) {
    if (rollbacks[vm] == null) {
      rollbacks[vm] = new ArrayList<>(2);
    }
    rollbacks[vm].add(new int[] {incarnation, fromInterval});
    damaged[vm].removeIf(it -> it.incarnation() < incarnation && futureOf(it, fromInterval));
    durable[vm].removeIf(it -> {
      boolean drop = it.incarnation() < incarnation && futureOf(it, fromInterval);
      if (drop) {
        bytesHeld -= it.bytes();
      }
      return drop;
    });
  }

  private static boolean futureOf(StableItem it, int from) {
    if (it instanceof CheckpointItem c) {
      return c.firstIndex() > from;
    }
    return ((LogItem) it).kind() == LogItem.Kind.R6 && it.interval() >= from;
  }

  /** A write that completes after its VM rolled back past it describes a void execution. */
  private boolean undone(StableItem it) {
    List<int[]> r = rollbacks[it.vm()];
    if (r == null) {
      return false;
    }
    for (int[] rb : r) {
      if (it.incarnation() < rb[0] && futureOf(it, rb[1])) {
        return true;
      }
    }
    return false;
  }
}
