package org.vmqsc.bench.runtime;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.vmqsc.core.guest.BankGuest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.VmImage;
import org.vmqsc.runtime.cluster.Dirs;
import org.vmqsc.runtime.storage.FileObjectStore;
import org.vmqsc.runtime.storage.FileStableStorage;
import org.vmqsc.runtime.storage.FileStorageConfig;
import org.vmqsc.runtime.storage.ObjectStore;
import org.vmqsc.runtime.storage.S3Location;
import org.vmqsc.runtime.storage.S3ObjectStore;

/**
 * Stable storage over the file store and over an S3 server, through the path the runtime uses
 * ({@link FileStableStorage}: encode, frame with CRC32C, write, completion; read back verified):
 *
 * <ul>
 *   <li>checkpoint write: {@code n} padded checkpoints of a size staged at once by one host
 *       (its writer puts them one after another), until the last completion: MB/s;
 *   <li>checkpoint restore: {@code durableItems} of that VM, every object read whole and its
 *       checksum verified, as a recovery does: MB/s;
 *   <li>log records of 1 KiB, each waited for before the next: records/s, p50 and p99.
 * </ul>
 *
 * The S3 server is s3proxy in this process over jclouds' in-memory blob store, on 127.0.0.1:
 * it measures the client, HTTP and S3 protocol path and the server's own cost, not a network
 * or a remote disk. The file store fsyncs (file and directory) on this machine's disk.
 *
 * <p>Usage: {@code ObjectStoreBench DIR [rounds=5] [checkpoints=8]}; prints the median of the
 * rounds. Run with a heap of at least 1 GiB (16 MiB checkpoints are held in memory by the S3
 * store for their PUT and by the in-memory server).
 */
public final class ObjectStoreBench {
  private static final long[] SIZES = {1L << 20, 16L << 20};
  private static final int RECORDS = 300;
  private static final String ID = "bench";
  private static final String SECRET = "bench-secret";

  private ObjectStoreBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ObjectStoreBench DIR [rounds=5] [checkpoints=8]");
      System.exit(2);
    }
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    Path work = Files.createTempDirectory(Path.of(args[0]), "objectstore-bench-");
    BlobStoreContext ctx = ContextBuilder.newBuilder("transient").credentials(ID, SECRET)
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder().blobStore(ctx.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ID, SECRET).build();
    java.util.logging.Logger.getLogger("org.gaul").setLevel(java.util.logging.Level.WARNING);
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(5);
    }
    try {
      ctx.getBlobStore().createContainerInLocation(null, "bench");
      S3Location s3 = S3Location.resolve("s3://bench/storage", "http://127.0.0.1:"
          + proxy.getPort(), null, ID, SECRET, Map.of());
      System.out.printf("rounds %d, %d checkpoints per round; medians%n", rounds, n);
      for (long size : SIZES) {
        run("file", size, n, rounds, work, () -> new FileObjectStore(work.resolve("store")));
        run("s3", size, n, rounds, work, () -> new S3ObjectStore(s3));
      }
      records("file", work, () -> new FileObjectStore(work.resolve("store")));
      records("s3", work, () -> new S3ObjectStore(s3));
    } finally {
      proxy.stop();
      ctx.close();
      Dirs.deleteTree(work);
    }
  }

  private static void run(String name, long size, int n, int rounds, Path work,
      Supplier<ObjectStore> store) {
    double[] write = new double[rounds];
    double[] restore = new double[rounds];
    for (int r = -1; r < rounds; r++) { // round -1 warms up
      int vm = r + 1;
      Semaphore done = new Semaphore(0);
      try (FileStableStorage s = open(work, store.get(), done)) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          s.stage(0, checkpoint(vm, i + 1, size));
        }
        done.acquireUninterruptibly(n);
        long t1 = System.nanoTime();
        List<StableItem> back = s.durableItems(vm);
        long t2 = System.nanoTime();
        if (back.size() != n || s.problems() != 0) {
          throw new IllegalStateException(name + ": read back " + back.size() + " of " + n
              + ", " + s.problems() + " problems");
        }
        if (r >= 0) {
          write[r] = n * size / 1e6 / ((t1 - t0) / 1e9);
          restore[r] = n * size / 1e6 / ((t2 - t1) / 1e9);
        }
        deleteAll(s.store(), vm);
      }
    }
    System.out.printf("%-4s checkpoint %2d MiB: write %6.0f MB/s, restore %6.0f MB/s%n", name,
        size >> 20, median(write), median(restore));
  }

  private static void records(String name, Path work, Supplier<ObjectStore> store) {
    Semaphore done = new Semaphore(0);
    try (FileStableStorage s = open(work, store.get(), done)) {
      for (int i = 0; i < 30; i++) { // warm-up
        s.stage(0, record(900, i));
        done.acquireUninterruptibly();
      }
      long[] latency = new long[RECORDS];
      long start = System.nanoTime();
      for (int i = 0; i < RECORDS; i++) {
        long t0 = System.nanoTime();
        s.stage(0, record(901, i));
        done.acquireUninterruptibly();
        latency[i] = System.nanoTime() - t0;
      }
      double secs = (System.nanoTime() - start) / 1e9;
      Arrays.sort(latency);
      System.out.printf("%-4s log record 1 KiB, one at a time: %5.0f records/s, p50 %.2f ms, "
          + "p99 %.2f ms%n", name, RECORDS / secs, latency[RECORDS / 2] / 1e6,
          latency[(int) Math.round(RECORDS * 0.99) - 1] / 1e6);
      deleteAll(s.store(), 900);
      deleteAll(s.store(), 901);
    }
  }

  private static FileStableStorage open(Path work, ObjectStore store, Semaphore done) {
    FileStorageConfig config = FileStorageConfig.builder(work.resolve("local")).lazyDelayMillis(0)
        .padCheckpoints(true).padLogs(true).build();
    return new FileStableStorage(config, store, (host, ticket) -> done.release(),
        p -> System.err.println("storage problem: " + p));
  }

  private static void deleteAll(ObjectStore store, int vm) {
    try {
      for (String f : store.list("vm-" + vm)) {
        store.delete("vm-" + vm + "/" + f);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static CheckpointItem checkpoint(int vm, int index, long bytes) {
    int vms = 64;
    BankGuest g = new BankGuest(vm, 1_000_000, new Ledger(vms));
    return new CheckpointItem(vm, index, index, 0, new VmImage(g, new int[vms], new int[vms]),
        bytes);
  }

  private static LogItem record(int vm, int interval) {
    Message m = new Message(0, vm, interval + 1, interval, 0, 0x9E3779B97F4A7C15L * interval, 7);
    return new LogItem(vm, LogItem.Kind.R8, interval, 0,
        List.of(new LogEntry(m, interval + 1, true, interval)), 1, 1024);
  }

}
