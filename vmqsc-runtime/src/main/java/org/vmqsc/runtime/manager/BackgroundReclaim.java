package org.vmqsc.runtime.manager;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's stable storage with {@link #reclaim} off its event loop. The manager role
 * reclaims every VM's old items whenever the line moves; each reclaim lists the VM's directory
 * and reads every new checkpoint whole to verify it before the older one may go (D15). At 1,000
 * VMs with 64 KiB images that is 64 MB read per line, and on a loaded machine it held the
 * manager's loop for over ten seconds: no heartbeat was taken meanwhile, and every host but one
 * was declared failed and fenced (docs/runtime.md, "1,000 VMs").
 *
 * <p>Reclaims are queued in the order asked (an identical one already waiting is not queued
 * twice) and run one after the other on their own thread. Every other call first runs, on the
 * caller's thread, whatever reclaims are still waiting, so what it reads or changes is exactly
 * what it would have been had each reclaim run when asked: a recovery never reads a directory a
 * reclaim of an earlier line is still changing, and no reclaim runs while it does.
 */
final class BackgroundReclaim implements StableStorage {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundReclaim.class);

  private final StableStorage storage;
  /** Held while a reclaim runs, and by {@link #settle} while it runs the waiting ones. */
  private final Object running = new Object();
  /** Reclaims asked and not started, (vm, line) as one long, in the order asked. */
  private final LinkedHashSet<Long> waiting = new LinkedHashSet<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "vmqsc-manager-reclaim");
    t.setDaemon(true);
    return t;
  });

  BackgroundReclaim(StableStorage storage) {
    this.storage = storage;
  }

  @Override
  public void reclaim(int vm, int lineIndex) {
    boolean first;
    synchronized (waiting) {
      first = waiting.isEmpty();
      waiting.add((long) vm << 32 | (lineIndex & 0xffffffffL));
    }
    if (first) {
      worker.execute(this::drain);
    }
  }

  private void drain() {
    while (runOne()) {
      // until nothing waits
    }
  }

  /** Runs the oldest waiting reclaim, if any; false when none waited. */
  private boolean runOne() {
    synchronized (running) {
      Long next;
      synchronized (waiting) {
        Iterator<Long> it = waiting.iterator();
        if (!it.hasNext()) {
          return false;
        }
        next = it.next();
        it.remove();
      }
      try {
        storage.reclaim((int) (next >> 32), (int) (long) next);
      } catch (RuntimeException e) {
        // What is not reclaimed now is reclaimed with a later line; recovery reads correctly
        // either way (it reads durable items, and more of them are kept).
        LOG.warn("manager storage: reclaim of vm {} failed: {}",
            new Object[] {next >> 32, e.toString()});
      }
      return true;
    }
  }

  /** Runs every reclaim still waiting, here and now, before another call touches storage. */
  private void settle() {
    synchronized (running) {
      while (runOne()) {
        // the lock is re-entrant: the waiting reclaims run in order on this thread
      }
    }
  }

  @Override
  public long stage(int host, StableItem item) {
    return afterReclaims(() -> storage.stage(host, item));
  }

  @Override
  public void preload(StableItem item) {
    afterReclaims(() -> {
      storage.preload(item);
      return null;
    });
  }

  @Override
  public List<StableItem> durableItems(int vm) {
    return afterReclaims(() -> storage.durableItems(vm));
  }

  @Override
  public void discardFuture(int vm, int incarnation, int fromInterval) {
    afterReclaims(() -> {
      storage.discardFuture(vm, incarnation, fromInterval);
      return null;
    });
  }

  @Override
  public List<ItemKey> damagedAbove(int vm, int line) {
    return afterReclaims(() -> storage.damagedAbove(vm, line));
  }

  @Override
  public List<ItemKey> damagedLogs(int vm, int line, boolean everyoneRollsBack) {
    return afterReclaims(() -> storage.damagedLogs(vm, line, everyoneRollsBack));
  }

  /** {@code call} once the waiting reclaims have run, with none running beside it. */
  private <T> T afterReclaims(java.util.function.Supplier<T> call) {
    synchronized (running) {
      settle();
      return call.get();
    }
  }

  @Override
  public int linesKept() {
    return storage.linesKept();
  }

  /** Stops the worker after what it is running; what still waits is reclaimed next time. */
  void close() throws InterruptedException {
    worker.shutdownNow();
    worker.awaitTermination(5, TimeUnit.SECONDS);
  }
}
