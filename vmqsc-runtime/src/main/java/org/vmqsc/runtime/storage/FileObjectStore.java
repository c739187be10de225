package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects as files in one directory (a local disk, or a mount such as NFS shared by every
 * host): the embedded default. A put is a temp file in the object's directory, forced, renamed
 * over the name, then one fsync of each directory touched ({@link ItemFile}): the name appears
 * only with its complete content and stays after a crash. Symbolic links are never followed.
 */
public final class FileObjectStore implements ObjectStore {
  private final Path root;
  private final Set<String> dirsReady = ConcurrentHashMap.newKeySet();

  public FileObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The file of object {@code name}. */
  public Path path(String name) {
    return root.resolve(name);
  }

  /**
   * Each file complete and forced under its temp name, then every rename, then one sync per
   * directory touched. A failure leaves no temp file behind; the list is retried whole (a rename
   * over an identical file is harmless).
   */
  @Override
  public void putAll(List<Put> puts) throws IOException {
    List<Put> written = new ArrayList<>();
    try {
      for (Put p : puts) {
        ItemFile.writeTemp(ensureParent(p.name()), p.tempName(), p.content());
        written.add(p);
      }
      for (Put p : puts) {
        Path file = path(p.name());
        ItemFile.publish(file.getParent(), p.tempName(), file.getFileName().toString());
        written.remove(p);
      }
    } finally {
      for (Put p : written) {
        Files.deleteIfExists(path(p.name()).resolveSibling(p.tempName()));
      }
    }
    Set<Path> dirs = new LinkedHashSet<>();
    for (Put p : puts) {
      dirs.add(path(p.name()).getParent());
    }
    for (Path d : dirs) {
      ItemFile.syncDirectory(d);
    }
  }

  /** The object's directory, created (and its entry made durable) the first time. */
  private Path ensureParent(String name) throws IOException {
    Path dir = path(name).getParent();
    String key = dir.toString();
    if (dirsReady.contains(key)) {
      return dir;
    }
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(dir);
      ItemFile.syncDirectory(dir.getParent()); // the new directory's entry must survive a crash
    }
    dirsReady.add(key);
    return dir;
  }

  @Override
  public Blob open(String name) throws IOException {
    FileChannel ch = FileChannel.open(path(name), StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS);
    long size;
    try {
      size = ch.size();
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return Blob.of(size, ch, ch);
  }

  @Override
  public boolean canAppend() {
    return true;
  }

  /** A file opened for appends, forced by {@code fdatasync} (its length is data too). */
  @Override
  public Appendable createAppendable(String name) throws IOException {
    Path file = ensureParent(name).resolve(path(name).getFileName());
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
    try {
      ItemFile.syncDirectory(file.getParent()); // the segment's entry must survive a crash
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return new Appendable() {
      @Override
      public long size() {
        try {
          return ch.size();
        } catch (IOException e) {
          return Long.MAX_VALUE; // a file that cannot say its size is rolled at once
        }
      }

      @Override
      public void append(List<java.nio.ByteBuffer> parts) throws IOException {
        java.nio.ByteBuffer[] all = parts.toArray(java.nio.ByteBuffer[]::new);
        long left = 0;
        for (java.nio.ByteBuffer b : all) {
          left += b.remaining();
        }
        while (left > 0) {
          left -= ch.write(all);
        }
      }

      @Override
      public void sync() throws IOException {
        ch.force(false);
      }

      @Override
      public void close() throws IOException {
        ch.close();
      }
    };
  }

  @Override
  public void truncate(String name, long size) throws IOException {
    try (FileChannel ch = FileChannel.open(path(name), StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      ch.truncate(size);
      ch.force(false);
    }
  }

  /** A positional read: nothing before {@code offset} is read. */
  @Override
  public byte[] read(String name, long offset, int length) throws IOException {
    try (FileChannel ch = FileChannel.open(path(name), StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(
          (int) Math.max(0, Math.min(length, ch.size() - offset)));
      long at = offset;
      while (buf.hasRemaining()) {
        int n = ch.read(buf, at);
        if (n < 0) {
          break;
        }
        at += n;
      }
      return java.util.Arrays.copyOf(buf.array(), buf.position());
    }
  }

  @Override
  public long size(String name) throws IOException {
    try {
      return Files.size(path(name));
    } catch (NoSuchFileException e) {
      return -1;
    }
  }

  @Override
  public List<String> list(String dir) throws IOException {
    Path d = dir.isEmpty() ? root : path(dir);
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
      return names;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
      for (Path p : ds) {
        names.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return names;
    }
    return names;
  }

  @Override
  public void delete(String name) throws IOException {
    Files.deleteIfExists(path(name));
  }

  @Override
  public String where(String name) {
    return path(name).toString();
  }

  @Override
  public void close() {}
}
