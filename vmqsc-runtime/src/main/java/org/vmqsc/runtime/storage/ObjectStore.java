package org.vmqsc.runtime.storage;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;

/**
 * Where {@link FileStableStorage} keeps its objects: the one seam between the storage's rules
 * (names, frames, marks, retention) and the medium. Names are relative paths with {@code /}
 * between parts, as the file store has always laid them out: {@code vm-3/ckpt_2_0_h0r1t1.item},
 * {@code vm-3/undo_1_3.mark}, {@code hosts/host-0.run}. Two implementations: {@link
 * FileObjectStore} (a directory, the embedded default) and {@link S3ObjectStore} (a bucket and
 * prefix on an S3-compatible object store).
 *
 * <p>The contract every implementation keeps: an object appears under its name only with its
 * complete content (never a torn object), and once {@link #putAll} returns every object it was
 * given is durable (fsynced, or acknowledged by the object store), so the storage may report
 * those tickets durable. Content is checked by {@link ItemFile}'s CRC32C frame on every read,
 * whatever the store: the store is trusted to keep names, never bytes.
 */
public interface ObjectStore extends Closeable {
  /** An object's bytes, produced on demand (again, if a write is retried), of a known size. */
  interface Content {
    long size();

    void writeTo(WritableByteChannel out) throws IOException;
  }

  /**
   * One object to write. {@code tempName} is what a store that writes under a temporary name
   * first calls it (in the same directory); the file store's restarted writers find and delete
   * torn temp files by it. Object stores, whose puts are atomic, ignore it.
   */
  record Put(String name, String tempName, Content content) {}

  /** An object opened for reading. */
  interface Blob extends Closeable {
    long size();

    ReadableByteChannel channel();

    /** An object of {@code size} bytes read through {@code channel}, released by {@code close}. */
    static Blob of(long size, ReadableByteChannel channel, Closeable close) {
      return new Blob() {
        @Override
        public long size() {
          return size;
        }

        @Override
        public ReadableByteChannel channel() {
          return channel;
        }

        @Override
        public void close() throws java.io.IOException {
          close.close();
        }
      };
    }
  }

  /**
   * Writes every object, each atomically, all durable when this returns (in list order where the
   * medium has an order). Throws when any write failed: the caller retries the whole list, and
   * writing an object again with the same content is harmless.
   */
  void putAll(List<Put> puts) throws IOException;

  /** Opens {@code name}; {@link java.nio.file.NoSuchFileException} when there is none. */
  Blob open(String name) throws IOException;

  /** The object's size in bytes, or -1 when there is none. */
  long size(String name) throws IOException;

  /**
   * What lies directly in directory {@code dir} ({@code ""}: the root): objects and
   * sub-directories, by their last name part; empty when the directory does not exist.
   */
  List<String> list(String dir) throws IOException;

  /** Deletes {@code name}; nothing happens when there is none. */
  void delete(String name) throws IOException;

  /** Where object {@code name} lives, for messages: a file's path, or an s3:// URL. */
  String where(String name);

  /**
   * An object that grows by appends (a log segment where the medium allows it): what is appended
   * is durable once {@link #sync} returns. Closing it does not delete it.
   */
  interface Appendable extends Closeable {
    /** Bytes in the object now, synced or not. */
    long size();

    /** Appends the buffers in order (not yet durable). */
    void append(List<java.nio.ByteBuffer> parts) throws IOException;

    /** Makes everything appended so far durable. */
    void sync() throws IOException;
  }

  /** Whether objects can grow ({@link #createAppendable}): a directory's files can. */
  default boolean canAppend() {
    return false;
  }

  /**
   * Creates {@code name} (it must not exist) for appends, its directory entry durable on return.
   * Only where {@link #canAppend}; an object store's objects are written whole.
   */
  default Appendable createAppendable(String name) throws IOException {
    throw new IOException("objects in " + where("") + " cannot grow");
  }

  /** Cuts an appendable object back to {@code size} bytes, durably (a torn tail). */
  default void truncate(String name, long size) throws IOException {
    throw new IOException("objects in " + where("") + " cannot be cut");
  }

  /**
   * {@code length} bytes of {@code name} from {@code offset} (fewer when it ends first);
   * {@link java.nio.file.NoSuchFileException} when there is none.
   */
  default byte[] read(String name, long offset, int length) throws IOException {
    try (Blob b = open(name)) {
      long skip = offset;
      java.nio.ByteBuffer scratch = java.nio.ByteBuffer.allocate(8192);
      while (skip > 0) {
        scratch.clear().limit((int) Math.min(scratch.capacity(), skip));
        int n = b.channel().read(scratch);
        if (n < 0) {
          return new byte[0];
        }
        skip -= n;
      }
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(length);
      while (buf.hasRemaining() && b.channel().read(buf) >= 0) {
        // until full or the object ends
      }
      return java.util.Arrays.copyOf(buf.array(), buf.position());
    }
  }

  /** The whole of a small object (a run counter), or null when there is none. */
  default byte[] readSmall(String name) throws IOException {
    try (Blob b = open(name)) {
      if (b.size() > 1 << 20) {
        throw new IOException(where(name) + " is " + b.size() + " bytes, too large");
      }
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate((int) b.size());
      while (buf.hasRemaining()) {
        if (b.channel().read(buf) < 0) {
          break;
        }
      }
      return java.util.Arrays.copyOf(buf.array(), buf.position());
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  /** Content of {@code bytes}, as they are. */
  static Content bytes(byte[] bytes) {
    return new Content() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public void writeTo(WritableByteChannel out) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
    };
  }

  /** Joins a directory and a name; {@code ""} is the root. */
  static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }
}
