package org.vmqsc.bench.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.VmImage;
import org.vmqsc.runtime.cluster.Dirs;
import org.vmqsc.runtime.storage.FileStableStorage;
import org.vmqsc.runtime.storage.FileStorageConfig;

/**
 * Measures {@link FileStableStorage} on this machine's disk, through the same path the runtime
 * uses (encode, temp file, write, fsync, rename, directory fsync, completion):
 *
 * <ul>
 *   <li>64 MiB checkpoints (a padded memory image) written back to back: MB/s;
 *   <li>1 KiB log records, each waited for before the next is staged (the latency a hypervisor
 *       sees for an R8 record): records/s and p50/p99 latency;
 *   <li>1 KiB log records staged in one burst, so the writer batches them: records/s.
 * </ul>
 *
 * Usage: {@code StorageBench DIR [checkpoints=8] [records=2000]}. It works in a fresh
 * subdirectory of DIR and deletes it afterwards.
 */
public final class StorageBench {
  private static final long CHECKPOINT_BYTES = 64L << 20;
  private static final long RECORD_BYTES = 1024;

  private StorageBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: StorageBench DIR [checkpoints=8] [records=2000]");
      System.exit(2);
    }
    int checkpoints = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int records = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    Path work = Files.createTempDirectory(Path.of(args[0]), "storage-bench-");
    try {
      checkpoints(work.resolve("ckpt"), checkpoints);
      logs(work.resolve("log"), records);
    } finally {
      Dirs.deleteTree(work);
    }
  }

  private static void checkpoints(Path dir, int n) {
    Semaphore done = new Semaphore(0);
    try (FileStableStorage s = open(dir, done)) {
      s.stage(0, checkpoint(0, 1)); // warm-up: JIT, directory creation, first allocation
      done.acquireUninterruptibly();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        s.stage(0, checkpoint(0, i + 2));
      }
      done.acquireUninterruptibly(n);
      double secs = (System.nanoTime() - start) / 1e9;
      double mb = n * CHECKPOINT_BYTES / 1e6;
      System.out.printf("checkpoint write, 64 MiB each, fsync+rename+dir fsync: %d writes, "
          + "%.0f MB/s (%.1f checkpoints/s)%n", n, mb / secs, n / secs);
      check(s);
    }
  }

  private static void logs(Path dir, int n) {
    Semaphore done = new Semaphore(0);
    try (FileStableStorage s = open(dir, done)) {
      for (int i = 0; i < 50; i++) { // warm-up
        s.stage(0, record(1, i));
        done.acquireUninterruptibly();
      }
      long[] latency = new long[n];
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        s.stage(0, record(1, 50 + i));
        done.acquireUninterruptibly();
        latency[i] = System.nanoTime() - t0;
      }
      double secs = (System.nanoTime() - start) / 1e9;
      Arrays.sort(latency);
      System.out.printf("log record write, 1 KiB each, one at a time, fsync+rename+dir fsync: "
          + "%d records, %.0f records/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", n, n / secs,
          latency[n / 2] / 1e6, latency[(int) Math.min(n - 1, Math.round(n * 0.99))] / 1e6,
          latency[n - 1] / 1e6);
      long burstStart = System.nanoTime();
      for (int i = 0; i < n; i++) {
        s.stage(0, record(1, 50 + n + i));
      }
      done.acquireUninterruptibly(n);
      double burstSecs = (System.nanoTime() - burstStart) / 1e9;
      System.out.printf("log record write, 1 KiB each, %d staged at once (batches of up to %d "
          + "share a dir fsync): %.0f records/s%n", n, FileStableStorage.MAX_BATCH_ITEMS,
          n / burstSecs);
      check(s);
    }
  }

  private static FileStableStorage open(Path dir, Semaphore done) {
    FileStorageConfig config = FileStorageConfig.builder(dir).lazyDelayMillis(0)
        .padCheckpoints(true).padLogs(true).build();
    return new FileStableStorage(config, (host, ticket) -> done.release(),
        p -> System.err.println("storage problem: " + p));
  }

  private static void check(FileStableStorage s) {
    if (s.problems() != 0) {
      throw new IllegalStateException(s.problems() + " storage problems during the benchmark");
    }
  }

  private static CheckpointItem checkpoint(int vm, int index) {
    int vms = 64;
    BankGuest g = new BankGuest(vm, 1_000_000, new Ledger(vms));
    return new CheckpointItem(vm, index, index, 0, new VmImage(g, new int[vms], new int[vms]),
        CHECKPOINT_BYTES);
  }

  private static LogItem record(int vm, int interval) {
    Message m = new Message(0, vm, interval + 1, interval, 0, 0x9E3779B97F4A7C15L * interval, 7);
    return new LogItem(vm, LogItem.Kind.R8, interval, 0,
        List.of(new LogEntry(m, interval + 1, true, interval)), 1, RECORD_BYTES);
  }
}
