package org.vmqsc.sim.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableStorage;
import org.vmqsc.core.storage.Retention;
import org.vmqsc.core.storage.RollbackMark;

/**
 * Simulated stable storage with one lazy writer per host (R10): staged items wait
 * {@code lazyDelay} (checkpoints only; logs are eligible at once), then are written one after
 * another at the host's bandwidth. An item is durable, and visible to recovery, only once its
 * write completes; a host failure loses everything it had staged (P5). Which written items stay
 * is {@link Retention}'s decision; this class only keeps the lists.
 */
final class SimStorage implements StableStorage, ControlNetwork.Reads {
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

  /** A completed write; a damaged one is found so when recovery reads it back (D15). */
  private record Written(StableItem item, ItemKey key, boolean damaged) {}

  private final EventQueue queue;
  private final double bytesPerMilli;
  private final long lazyDelayMillis;
  private final ArrayDeque<Pending>[] staged;
  private final long[] nextTicket;
  private final boolean[] busy;
  private final int[] epoch;
  /** Per VM, in the order the writes completed. */
  private final List<Written>[] written;
  private final List<RollbackMark>[] marks;
  /** Per VM, how many of its written items are damaged: none in the common case. */
  private final int[] damagedCount;
  private double damage;
  private SplittableRandom damageRnd;
  /** The same for log records (off by default: its own generator, so nothing else changes). */
  private double logDamage;
  private SplittableRandom logDamageRnd;
  private long now;
  long bytesWritten;
  long bytesHeld;
  long peakBytesHeld;
  /** What recovery read back ({@link #durableItems}): see {@link #readBack}. */
  private long bytesRead;
  /** VMs read back since the recovery in progress began: a second look costs nothing. */
  private final boolean[] readInThisRecovery;

  @SuppressWarnings("unchecked")
  SimStorage(EventQueue queue, int hosts, int vms, double bytesPerSecond, long lazyDelayMillis) {
    this.queue = queue;
    this.bytesPerMilli = bytesPerSecond / 1000.0;
    this.lazyDelayMillis = lazyDelayMillis;
    this.staged = new ArrayDeque[hosts];
    this.nextTicket = new long[hosts];
    this.busy = new boolean[hosts];
    this.epoch = new int[hosts];
    this.written = new List[vms];
    this.marks = new List[vms];
    this.damagedCount = new int[vms];
    this.readInThisRecovery = new boolean[vms];
    for (int h = 0; h < hosts; h++) {
      staged[h] = new ArrayDeque<>();
    }
    for (int v = 0; v < vms; v++) {
      written[v] = new ArrayList<>();
      marks[v] = new ArrayList<>(2);
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

  /**
   * Silent corruption of log records: each one written is, with probability {@code p}, found
   * damaged when recovery reads it (D15 for logs: the storage knows its kind and interval, as the
   * runtime's does from a record's header).
   */
  void damageLogs(double p, SplittableRandom rnd) {
    this.logDamage = p;
    this.logDamageRnd = rnd;
  }

  /**
   * The newest checkpoint of {@code vm} at or below {@code line} is found damaged from now on, as
   * a bit flipped on disk would be (a driver's doing, not the random rot above). False if there is
   * none.
   */
  boolean damageNewest(int vm, int line) {
    List<Written> ws = written[vm];
    for (int i = ws.size() - 1; i >= 0; i--) {
      Written w = ws.get(i);
      if (w.item() instanceof CheckpointItem && !w.damaged() && w.key().interval() <= line) {
        ws.set(i, new Written(w.item(), w.key(), true));
        damagedCount[vm]++;
        return true;
      }
    }
    return false;
  }

  /** Storage that can be damaged keeps the previous line restorable too (D15). */
  @Override
  public int linesKept() {
    return damage > 0 || logDamage > 0 ? 2 : 1;
  }

  @Override
  public List<ItemKey> damagedLogs(int vm, int line, boolean everyoneRollsBack) {
    if (damagedCount[vm] == 0) {
      return List.of();
    }
    List<ItemKey> logs = new ArrayList<>();
    for (Written w : written[vm]) {
      if (w.damaged() && !w.key().checkpoint()) {
        logs.add(w.key());
      }
    }
    return Retention.damagedLogsNeeded(written[vm], Written::key, line, marks[vm],
        w -> !w.damaged(), logs, everyoneRollsBack);
  }

  @Override
  public List<ItemKey> damagedAbove(int vm, int line) {
    if (damagedCount[vm] == 0) {
      return List.of();
    }
    return Retention.damagedAbove(written[vm], Written::key, line, marks[vm], w -> !w.damaged())
        .stream().map(Written::key).toList();
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
    ItemKey key = ItemKey.of(p.item);
    int vm = p.item.vm();
    if (!Retention.discarded(key, marks[vm])) { // else its VM rolled back past it meanwhile
      boolean rots = p.item instanceof CheckpointItem
          ? damage > 0 && damageRnd.nextDouble() < damage
          : logDamage > 0 && logDamageRnd.nextDouble() < logDamage;
      written[vm].add(new Written(p.item, key, rots));
      damagedCount[vm] += rots ? 1 : 0;
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
    written[item.vm()].add(new Written(item, ItemKey.of(item), false));
    bytesHeld += item.bytes();
    peakBytesHeld = Math.max(peakBytesHeld, bytesHeld);
  }

  @Override
  public List<StableItem> durableItems(int vm) {
    List<StableItem> out = new ArrayList<>(written[vm].size());
    for (Written w : written[vm]) {
      if (!w.damaged()) {
        out.add(w.item());
      }
    }
    if (!readInThisRecovery[vm]) {
      readInThisRecovery[vm] = true;
      bytesRead += readBack(out);
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public long bytesRead() {
    return bytesRead;
  }

  @Override
  public void newRecovery() {
    java.util.Arrays.fill(readInThisRecovery, false);
  }

  /**
   * The bytes a recovery reads to rebuild a VM from {@code items}: its newest checkpoint and the
   * logs from that checkpoint's interval on. Older checkpoints that retention keeps (for a
   * fall-back, D15) stay unread unless the recovery falls back to them. After a rollback's
   * {@code discardFuture} the newest checkpoint is the one the line stands on.
   */
  private static long readBack(List<StableItem> items) {
    int base = -1;
    long bytes = 0;
    for (StableItem it : items) {
      if (it instanceof CheckpointItem c && c.firstIndex() >= base) {
        base = c.firstIndex();
        bytes = c.bytes();
      }
    }
    for (StableItem it : items) {
      if (!(it instanceof CheckpointItem) && ItemKey.of(it).interval() >= base) {
        bytes += it.bytes();
      }
    }
    return bytes;
  }

  @Override
  public void reclaim(int vm, int lineIndex) {
    List<Written> below = Retention.reclaim(written[vm], Written::key, lineIndex, marks[vm],
        w -> !w.damaged()).deletable();
    if (!below.isEmpty()) {
      delete(vm, below);
    }
  }

  @Override
  public void discardFuture(int vm, int incarnation, int fromInterval) {
    RollbackMark mark = new RollbackMark(incarnation, fromInterval);
    marks[vm].add(mark);
    List<Written> undone = new ArrayList<>();
    for (Written w : written[vm]) {
      if (Retention.discarded(w.key(), List.of(mark))) {
        undone.add(w);
      }
    }
    delete(vm, undone);
  }

  private void delete(int vm, List<Written> items) {
    Set<Written> gone = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Written w : items) {
      gone.add(w);
      bytesHeld -= w.item().bytes();
      damagedCount[vm] -= w.damaged() ? 1 : 0;
    }
    written[vm].removeIf(gone::contains);
  }
}
