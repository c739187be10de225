package org.vmqsc.bench.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.runtime.cluster.Dirs;
import org.vmqsc.runtime.storage.FileStableStorage;
import org.vmqsc.runtime.storage.FileStorageConfig;

/**
 * Log records per second through {@link FileStableStorage} on this machine's disk, the way a
 * hypervisor under load writes them: {@code producers} VMs each stage a 1 KiB R8 record and wait
 * until it is durable before staging the next (closed loop; one producer is one fsync per record
 * whatever the storage does). Beside it, the machine's own limit for the same bytes: one thread
 * appending {@code producers} records of the same size to one file and calling {@code fdatasync}
 * after each batch, with no storage code at all.
 *
 * <p>Only {@code stage}, {@code close} and the completion callback are used, so the same source
 * compiles against an older jar (one file and one fsync per record) for an old/new comparison in
 * one sitting. Usage: {@code LogRecordBench DIR [seconds=5] [producers=1,8,64]}. It works in a
 * fresh subdirectory of DIR and deletes it afterwards.
 */
public final class LogRecordBench {
  private static final int RECORD_BYTES = 1024;

  private LogRecordBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: LogRecordBench DIR [seconds=5] [producers=1,8,64]");
      System.exit(2);
    }
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
    int[] producers = Arrays.stream((args.length > 2 ? args[2] : "1,8,64").split(","))
        .mapToInt(Integer::parseInt).toArray();
    Path work = Files.createTempDirectory(Path.of(args[0]), "log-bench-");
    try {
      for (int p : producers) {
        double storage = storage(work.resolve("s" + p), p, seconds);
        double raw = raw(work.resolve("raw" + p), p, seconds);
        System.out.printf("producers %3d: storage %,9.0f records/s | raw append+fdatasync of %d "
            + "records a sync %,9.0f records/s | storage/raw %.3f%n", p, storage, p, raw,
            storage / raw);
      }
    } finally {
      Dirs.deleteTree(work);
    }
  }

  /** Records made durable per second by {@code producers} closed-loop VMs on host 0. */
  private static double storage(Path dir, int producers, double seconds) throws Exception {
    Semaphore[] done = new Semaphore[producers];
    for (int i = 0; i < producers; i++) {
      done[i] = new Semaphore(0);
    }
    FileStorageConfig config = FileStorageConfig.builder(dir).lazyDelayMillis(0)
        .padLogs(true).build();
    AtomicLong problems = new AtomicLong();
    // tickets of one host complete in staging order; which VM a ticket was is kept by the loop
    List<Integer> byTicket = java.util.Collections.synchronizedList(new ArrayList<>());
    byTicket.add(-1); // tickets start at 1
    try (FileStableStorage s = new FileStableStorage(config,
        (host, ticket) -> done[byTicket.get((int) ticket)].release(),
        p -> problems.incrementAndGet())) {
      AtomicLong written = new AtomicLong();
      long warmEnd = System.nanoTime() + 1_000_000_000L;
      long end = warmEnd + (long) (seconds * 1e9);
      CountDownLatch finished = new CountDownLatch(producers);
      Object stageLock = new Object();
      for (int v = 0; v < producers; v++) {
        int vm = v;
        Thread t = new Thread(() -> {
          int interval = 0;
          while (System.nanoTime() < end) {
            synchronized (stageLock) { // the ticket's VM is known before its completion can come
              byTicket.add(vm);
              s.stage(0, record(vm, interval++));
            }
            done[vm].acquireUninterruptibly();
            if (System.nanoTime() >= warmEnd) {
              written.incrementAndGet();
            }
          }
          finished.countDown();
        });
        t.setDaemon(true);
        t.start();
      }
      finished.await();
      if (problems.get() != 0) {
        throw new IllegalStateException(problems.get() + " storage problems during the bench");
      }
      return written.get() / seconds;
    }
  }

  /** The same bytes appended by one thread, {@code batch} records per fdatasync. */
  private static double raw(Path dir, int batch, double seconds) throws IOException {
    Files.createDirectories(dir);
    ByteBuffer[] records = new ByteBuffer[batch];
    for (int i = 0; i < batch; i++) {
      records[i] = ByteBuffer.allocate(RECORD_BYTES);
    }
    long n = 0;
    try (FileChannel ch = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      while (System.nanoTime() < end) {
        for (ByteBuffer b : records) {
          b.clear();
        }
        long left = (long) batch * RECORD_BYTES;
        while (left > 0) {
          left -= ch.write(records);
        }
        ch.force(false);
        n += batch;
      }
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }

  private static LogItem record(int vm, int interval) {
    Message m = new Message(vm + 1, vm, interval + 1, interval, 0,
        0x9E3779B97F4A7C15L * interval, 7);
    return new LogItem(vm, LogItem.Kind.R8, interval, 0,
        List.of(new LogEntry(m, interval + 1, true, interval)), 1, RECORD_BYTES);
  }
}
