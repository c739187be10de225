package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;

/**
 * One host's lazy writer (R10): a single background thread that writes the host's staged items
 * one after another in ticket order, a checkpoint no earlier than {@code lazyDelay} after it was
 * staged, a log at once (but behind anything staged before it), and reports each ticket once its
 * file is durable. Items that are eligible together are written as one batch (each file forced,
 * then renamed, then one directory sync for all), which spreads the directory sync over a burst of
 * log records. A failed write is retried with backoff: a later ticket never completes before an
 * earlier one, so the durable line waits rather than skips (P5), and nothing staged is dropped.
 * A run of failures (a full disk, an I/O error) is reported once when it starts and once when
 * writes succeed again, not per attempt; meanwhile {@link #writeProblem} says what fails.
 */
final class HostWriter {
  /**
   * A staged item, encoded by the writer thread when it writes it. The core stages snapshots
   * (StableItem: a checkpoint's guest is a deep copy, a log item's entries a list of its own,
   * both immutable from then on), so encoding later reads what staging saw. Encoding on the
   * event loop was 8 % of its samples at saturation, on the path every relayed message waits on.
   */
  static final class Pending {
    private final long ticket;
    private final ItemName name;
    private final int type;
    private final StableItem item;
    private final long targetBytes;
    private final long eligibleAtNanos;
    private byte[] encoded; // the writer thread only

    Pending(long ticket, ItemName name, StableItem item, long targetBytes,
        long eligibleAtNanos) {
      this.ticket = ticket;
      this.name = name;
      this.type = ItemCodec.typeOf(item);
      this.item = item;
      this.targetBytes = targetBytes;
      this.eligibleAtNanos = eligibleAtNanos;
    }

    long ticket() {
      return ticket;
    }

    int vm() {
      return item.vm();
    }

    ItemName name() {
      return name;
    }

    int type() {
      return type;
    }

    long targetBytes() {
      return targetBytes;
    }

    long eligibleAtNanos() {
      return eligibleAtNanos;
    }

    /** The batch bound's measure before encoding: the padding, or the item's modelled size. */
    long estimatedBytes() {
      return Math.max(targetBytes, item.bytes());
    }

    /** The item's encoding (ItemCodec), made on first use; the writer thread only. */
    byte[] encoded() {
      if (encoded == null) {
        encoded = ItemCodec.encode(item);
      }
      return encoded;
    }
  }

  /**
   * At most this many items, this many of them checkpoints (each its own object), and about
   * {@link #MAX_BATCH_BYTES}, go into one batch. A batch's log records share one sync (group
   * commit), so the item bound is high: it only caps the memory of one commit.
   */
  static final int MAX_BATCH_ITEMS = 4096;
  static final int MAX_BATCH_CHECKPOINTS = 64;
  static final long MAX_BATCH_BYTES = 8L << 20;

  interface Sink {
    /** Writes the items atomically (each) and durably (all) before returning. */
    void write(List<Pending> batch) throws IOException;

    /** The item of {@code ticket} is durable. */
    void durable(int host, long ticket);

    void problem(String message);
  }

  private final int host;
  private final long run;
  private final long lazyDelayNanos;
  private final long backoffMillis;
  private final long maxBackoffMillis;
  private final Sink sink;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Thread thread;
  private long lastTicket;
  private long completedTicket;
  private long forceThrough;
  private boolean closing;
  private boolean halted;
  /** What the current run of failed writes failed with, or null when writes succeed. */
  private volatile String writeProblem;

  HostWriter(int host, long run, FileStorageConfig config, Sink sink) {
    this.host = host;
    this.run = run;
    this.lazyDelayNanos = TimeUnit.MILLISECONDS.toNanos(config.lazyDelayMillis());
    this.backoffMillis = config.retryBackoffMillis();
    this.maxBackoffMillis = config.maxRetryBackoffMillis();
    this.sink = sink;
    this.thread = new Thread(this::loop, "vmqsc-writer-h" + host + "r" + run);
    thread.setDaemon(true);
    thread.start();
  }

  long run() {
    return run;
  }

  long stage(StableItem item, long targetBytes) {
    long delay = item instanceof CheckpointItem ? lazyDelayNanos : 0;
    long eligible = System.nanoTime() + delay;
    lock.lock();
    try {
      if (closing || halted) {
        throw new IllegalStateException("storage writer of host " + host + " is closed");
      }
      long ticket = ++lastTicket;
      ItemName name = ItemName.of(item, host, run, ticket);
      queue.addLast(new Pending(ticket, name, item, targetBytes, eligible));
      changed.signalAll();
      return ticket;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes everything staged so far at once (ignoring the lazy delay) and waits until it is
   * durable and its completions have been delivered.
   */
  void flush() {
    lock.lock();
    try {
      long target = lastTicket;
      forceThrough = Math.max(forceThrough, target);
      changed.signalAll();
      while (completedTicket < target && !halted) {
        changed.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Flushes, then stops the thread. */
  void close() {
    flush();
    stop(false);
  }

  /** Stops at once, as a crash would: what is staged and not yet written is lost. */
  void halt() {
    stop(true);
  }

  private int queueSize() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  int pending() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  private void stop(boolean halt) {
    lock.lock();
    try {
      closing = true;
      if (halt) {
        halted = true;
        queue.clear();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop() {
    while (true) {
      List<Pending> batch = next();
      if (batch == null || !writeWithRetry(batch)) {
        return;
      }
      lock.lock();
      try {
        if (halted) {
          return;
        }
        for (int i = 0; i < batch.size(); i++) {
          queue.pollFirst();
        }
      } finally {
        lock.unlock();
      }
      for (Pending p : batch) {
        try {
          sink.durable(host, p.ticket());
        } catch (RuntimeException e) {
          sink.problem("host " + host + ": completion callback failed for ticket " + p.ticket()
              + ": " + e);
        }
      }
      lock.lock();
      try {
        completedTicket = batch.get(batch.size() - 1).ticket(); // what flush() waits for
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The head of the queue once it is eligible, with the eligible items right behind it (up to the
   * batch limits), or null when the writer stops.
   */
  private List<Pending> next() {
    lock.lock();
    try {
      while (true) {
        if (halted) {
          return null;
        }
        Pending p = queue.peekFirst();
        if (p == null) {
          if (closing) {
            return null;
          }
          changed.awaitUninterruptibly();
          continue;
        }
        long wait = waitNanos(p);
        if (wait <= 0) {
          return batchFrom();
        }
        changed.awaitNanos(wait);
      }
    } catch (InterruptedException e) {
      return null;
    } finally {
      lock.unlock();
    }
  }

  private long waitNanos(Pending p) {
    return p.ticket() <= forceThrough ? 0 : p.eligibleAtNanos() - System.nanoTime();
  }

  /** Called with the lock held and the head eligible. */
  private List<Pending> batchFrom() {
    List<Pending> batch = new ArrayList<>();
    long bytes = 0;
    int checkpoints = 0;
    for (Pending p : queue) {
      boolean checkpoint = p.name().checkpoint();
      if (!batch.isEmpty() && (batch.size() >= MAX_BATCH_ITEMS || waitNanos(p) > 0
          || bytes + p.targetBytes() > MAX_BATCH_BYTES
          || (checkpoint && checkpoints >= MAX_BATCH_CHECKPOINTS))) {
        break;
      }
      checkpoints += checkpoint ? 1 : 0;
      batch.add(p);
      bytes += p.estimatedBytes(); // encoding here would hold the lock stagers wait on
    }
    return batch;
  }

  /** Why this host's writes fail now (the durable line waits), or null when they succeed. */
  String writeProblem() {
    return writeProblem;
  }

  private boolean writeWithRetry(List<Pending> batch) {
    long backoff = backoffMillis;
    for (int attempt = 1; ; attempt++) {
      try {
        sink.write(batch);
        if (writeProblem != null) {
          sink.problem("host " + host + ": writes succeed again after " + (attempt - 1)
              + " failed attempt(s) of this batch; the durable line moves on");
          writeProblem = null;
        }
        return true;
      } catch (IOException | RuntimeException e) {
        if (writeProblem == null) {
          Pending p = batch.get(0);
          writeProblem = "writes fail (" + e + "); nothing new becomes durable, "
              + (queueSize()) + " item(s) wait, retried with backoff";
          sink.problem("host " + host + ": write of " + batch.size() + " item(s) from "
              + p.name().fileName() + " (vm " + p.vm() + ") failed: " + e + "; retrying with "
              + "backoff up to " + maxBackoffMillis + " ms, the durable line waits (said once)");
        }
      }
      lock.lock();
      try {
        if (halted) {
          return false;
        }
        changed.await(backoff, TimeUnit.MILLISECONDS);
        if (halted) {
          return false;
        }
      } catch (InterruptedException e) {
        return false;
      } finally {
        lock.unlock();
      }
      backoff = Math.min(maxBackoffMillis, backoff * 2);
    }
  }
}
