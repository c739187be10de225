package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The log segments of one run of a host's writer: every log record the host stages (R6 interval
 * flushes, R8 records, receipts and channel state, the pessimistic baseline's determinants) is
 * appended here, and one {@link #commit} makes a whole batch durable with one sync (group commit:
 * the batch is everything that queued while the previous sync ran, {@link HostWriter}).
 *
 * <p>On a store whose objects can grow (a directory) a segment is one file, appended to and
 * synced ({@code fdatasync}) once per commit, and rolled when it is {@link #ROLL_BYTES} long or
 * {@link #ROLL_NANOS} old, so that retention can delete whole segments soon after their records
 * die. On an object store every commit is one object of its own, put atomically: a segment's open
 * tail kept on local disk would not survive the loss of the host, which is the failure stable
 * storage is for, and S3 multipart parts are not readable before the upload completes.
 *
 * <p>A failed commit closes the segment: the retry goes to a new one, so a torn write stays at
 * the tail of a sealed segment, which readers skip ({@link SegmentIndex}). Records written twice
 * that way are told apart by their ticket. Not thread-safe: the writer's thread alone uses it.
 */
final class SegmentLog implements AutoCloseable {
  static final long ROLL_BYTES = 8L << 20;
  static final long ROLL_NANOS = 1_000_000_000L;

  private final ObjectStore store;
  private final int host;
  private final long run;
  private long seq;
  private ObjectStore.Appendable open;
  private long openedAtNanos;

  SegmentLog(ObjectStore store, int host, long run) {
    this.store = store;
    this.host = host;
    this.run = run;
  }



  /** Appends the records, in order, and returns once all of them are durable. */
  void commit(List<byte[]> records) throws IOException {
    if (records.isEmpty()) {
      return;
    }
    List<ByteBuffer> parts = new ArrayList<>(records.size());
    for (byte[] r : records) {
      parts.add(ByteBuffer.wrap(r));
    }
    if (store.canAppend()) {
      roll();
      try {
        open.append(parts);
        open.sync();
      } catch (IOException | RuntimeException e) {
        closeOpen();
        throw e;
      }
      return;
    }
    putWhole(records);
  }

  /** Makes sure a segment is open for appends, a new one when the open one is full or old. */
  private void roll() throws IOException {
    if (open != null && open.size() < ROLL_BYTES
        && System.nanoTime() - openedAtNanos < ROLL_NANOS) {
      return;
    }
    closeOpen();
    open = store.createAppendable(next().objectName());
    openedAtNanos = System.nanoTime();
  }

  private void putWhole(List<byte[]> records) throws IOException {
    int size = 0;
    for (byte[] r : records) {
      size += r.length;
    }
    ByteBuffer all = ByteBuffer.allocate(size);
    for (byte[] r : records) {
      all.put(r);
    }
    SegmentName name = next();
    store.putAll(List.of(new ObjectStore.Put(name.objectName(), "." + name.fileName() + ".tmp",
        ObjectStore.bytes(all.array()))));
  }

  private SegmentName next() {
    return new SegmentName(host, run, ++seq);
  }

  private void closeOpen() {
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        // what was synced stays; an unsynced tail is cut or skipped by readers
      }
      open = null;
    }
  }

  @Override
  public void close() {
    closeOpen();
  }
}
