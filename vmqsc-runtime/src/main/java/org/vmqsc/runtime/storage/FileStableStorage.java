package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableStorage;
import org.vmqsc.core.storage.Retention;
import org.vmqsc.core.storage.RollbackMark;

/**
 * Stable storage in one directory (a local disk, or a mount such as NFS shared by every host):
 * {@code DIR/vm-<vm>/<kind>_<interval>_<incarnation>_<origin>.item} (see {@link ItemName}), each
 * file framed and checksummed by {@link ItemFile}, written atomically and durably.
 *
 * <ul>
 *   <li>{@link #stage} encodes the item at once and hands it to its host's {@link HostWriter};
 *       the {@link Completion} is called with {@code (host, ticket)}, in ticket order, once the
 *       file and its directory entry are on disk. It runs on the writer's thread.
 *   <li>{@link #preload} writes a boot image synchronously: it is durable when the call returns.
 *   <li>{@link #durableItems} reads the VM's directory back from disk (recovery after a host crash
 *       must not trust memory), verifies every file and returns the good ones in staging order. A
 *       damaged file is reported to the problems sink, counted, and never returned; if it was a
 *       checkpoint, the report names the older good checkpoint recovery falls back to.
 *   <li>{@link #discardFuture} first writes a durable rollback mark {@code undo_<inc>_<from>.mark}
 *       in the VM's directory, then deletes the undone items. Reads filter by the marks, so an
 *       undone item written late (by a lazy writer, possibly in another process) is never used.
 *   <li>{@link #reclaim} never deletes the last good checkpoint: see its comment.
 * </ul>
 *
 * Which items stay is {@link Retention}'s decision; this class reads, writes and deletes files.
 *
 * Thread-safe: the protocol may call it from its own thread while the writers run.
 */
public final class FileStableStorage implements StableStorage, AutoCloseable {
  /** Told when an item staged by {@code host} under {@code ticket} is durable. */
  @FunctionalInterface
  public interface Completion {
    void durable(int host, long ticket);
  }

  /** Most items one writer batch holds (they share a directory fsync); public for StorageBench. */
  public static final int MAX_BATCH_ITEMS = HostWriter.MAX_BATCH_ITEMS;

  private static final String HOSTS_DIR = "hosts";

  private final FileStorageConfig config;
  private final Path root;
  private final Completion completion;
  private final Consumer<String> problemSink;
  private final Map<Integer, HostWriter> writers = new ConcurrentHashMap<>();
  private final VmDirectories dirs;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  /** Checkpoint files that reclaim has read back whole and found good: file name to size. */
  private final Map<String, Long> verified = new ConcurrentHashMap<>();
  private final AtomicLong problems = new AtomicLong();
  private final AtomicLong corruptFiles = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicLong filesWritten = new AtomicLong();

  public FileStableStorage(FileStorageConfig config, Completion completion,
      Consumer<String> problems) {
    this.config = config;
    this.root = config.dir().toAbsolutePath().normalize();
    this.completion = completion;
    this.problemSink = problems;
    this.dirs = new VmDirectories(root, f -> {
      if (reported.add(f.toString())) {
        report("unexpected file " + f + " ignored");
      }
    });
    try {
      if (!Files.isDirectory(root.resolve(HOSTS_DIR))) {
        Files.createDirectories(root.resolve(HOSTS_DIR));
        ItemFile.syncDirectory(root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create storage directory " + root, e);
    }
  }

  // ---- writing ----------------------------------------------------------------------------

  @Override
  public long stage(int host, StableItem item) {
    byte[] encoded = ItemCodec.encode(item);
    dirs.ensure(item.vm());
    HostWriter w = writers.computeIfAbsent(host, this::startWriter);
    return w.stage(item, encoded, targetBytes(item));
  }

  @Override
  public void preload(StableItem item) {
    byte[] encoded = ItemCodec.encode(item);
    ItemName name = ItemName.boot(item);
    try {
      Path dir = dirs.ensure(item.vm());
      long size = ItemFile.write(dir, name.tempName(), name.fileName(), ItemCodec.typeOf(item),
          encoded, targetBytes(item), fillSeed(item));
      bytesWritten.addAndGet(size);
      filesWritten.incrementAndGet();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write boot image of vm " + item.vm(), e);
    }
  }

  /** Writes everything staged so far, ignoring the lazy delay, and waits until it is durable. */
  public void flush() {
    for (HostWriter w : writers.values()) {
      w.flush();
    }
  }

  /** Flushes and stops the writers. */
  @Override
  public void close() {
    for (HostWriter w : writers.values()) {
      w.close();
    }
  }

  /** Stops the writers at once, as a crash of this process would: staged writes are lost. */
  public void halt() {
    for (HostWriter w : writers.values()) {
      w.halt();
    }
  }

  /**
   * Why {@code host}'s writes fail now (its durable line waits), or null when they succeed: for
   * status.
   */
  public String writeProblem(int host) {
    HostWriter w = writers.get(host);
    return w == null ? null : w.writeProblem();
  }

  /** Items staged by {@code host} and not yet durable. */
  public int pendingWrites(int host) {
    HostWriter w = writers.get(host);
    return w == null ? 0 : w.pending();
  }

  private long targetBytes(StableItem item) {
    boolean pad = item instanceof CheckpointItem ? config.padCheckpoints() : config.padLogs();
    return pad ? item.bytes() : 0;
  }

  private static long fillSeed(StableItem item) {
    return fillSeed(item.vm(), item.incarnation(), item.interval());
  }

  /** The memory image differs between VMs and checkpoints, so no two files share content. */
  private static long fillSeed(int vm, int incarnation, int interval) {
    return ((long) vm << 40) ^ ((long) incarnation << 32) ^ (interval & 0xFFFFFFFFL);
  }

  private HostWriter startWriter(int host) {
    if (host < 0) {
      throw new IllegalArgumentException("host must be >= 0, got " + host);
    }
    long run = WriterRuns.next(root, root.resolve(HOSTS_DIR), host, this::report);
    return new HostWriter(host, run, config, new HostWriter.Sink() {
      @Override
      public void write(List<HostWriter.Pending> batch) throws IOException {
        WriteFault.check(root.resolve(HOSTS_DIR), host);
        writeStaged(batch);
      }

      @Override
      public void durable(int h, long ticket) {
        completion.durable(h, ticket);
      }

      @Override
      public void problem(String message) {
        report(message);
      }
    });
  }

  /**
   * Writes a batch: each file complete and forced under its temp name, then every rename, then
   * one sync per directory touched. Only then are the tickets reported. A failure leaves no temp
   * file behind; the batch is retried whole (a rename over an identical file is harmless).
   */
  private void writeStaged(List<HostWriter.Pending> batch) throws IOException {
    List<HostWriter.Pending> todo = new ArrayList<>();
    for (HostWriter.Pending p : batch) {
      if (!Retention.discarded(p.name().key(), dirs.knownMarks(p.vm()))) {
        todo.add(p); // else rolled back while it waited: nothing to keep, the ticket completes
      }
    }
    List<HostWriter.Pending> written = new ArrayList<>();
    long bytes = 0;
    try {
      for (HostWriter.Pending p : todo) {
        Path dir = dirs.ensure(p.vm());
        long seed = fillSeed(p.vm(), p.name().incarnation(), p.name().interval());
        bytes += ItemFile.writeTemp(dir, p.name().tempName(), p.type(), p.encoded(),
            p.targetBytes(), seed);
        written.add(p);
      }
      for (HostWriter.Pending p : todo) {
        ItemFile.publish(vmDir(p.vm()), p.name().tempName(), p.name().fileName());
        written.remove(p);
      }
    } finally {
      for (HostWriter.Pending p : written) {
        Files.deleteIfExists(vmDir(p.vm()).resolve(p.name().tempName()));
      }
    }
    Set<Integer> dirs = new TreeSet<>();
    for (HostWriter.Pending p : todo) {
      dirs.add(p.vm());
    }
    for (int vm : dirs) {
      ItemFile.syncDirectory(vmDir(vm));
    }
    bytesWritten.addAndGet(bytes);
    filesWritten.addAndGet(todo.size());
  }

  // ---- reading ----------------------------------------------------------------------------

  @Override
  public List<StableItem> durableItems(int vm) {
    Path dir = vmDir(vm);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    VmDirectories.Listing l = dirs.listing(vm, dir);
    List<StableItem> good = new ArrayList<>();
    List<ItemName> goodNames = new ArrayList<>();
    List<ItemName> badCheckpoints = new ArrayList<>();
    for (ItemName n : l.items()) {
      if (Retention.discarded(n.key(), l.marks())) {
        continue;
      }
      StableItem it = readChecked(vm, dir, n);
      if (it != null) {
        good.add(it);
        goodNames.add(n);
      } else if (n.checkpoint()) {
        badCheckpoints.add(n);
      }
    }
    for (ItemName bad : badCheckpoints) {
      reportFallback(vm, bad, goodNames);
    }
    return good;
  }

  /**
   * Reads one item of a VM by file name, for tools and tests. The name is validated before it
   * becomes a path: anything but an item file name is refused.
   */
  public StableItem read(int vm, String fileName) throws IOException {
    Path file = ItemName.resolve(vmDir(vm), fileName);
    ItemName n = ItemName.parse(fileName);
    StableItem it = ItemFile.read(file);
    if (it.vm() != vm || !n.describes(it)) {
      throw new CorruptItemException("content does not match its name");
    }
    return it;
  }

  /** Item file names of a VM in staging order (damaged files included). */
  public List<String> itemNames(int vm) {
    Path dir = vmDir(vm);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    return dirs.listing(vm, dir).items().stream().map(ItemName::fileName).toList();
  }

  public Path vmDir(int vm) {
    return dirs.of(vm);
  }

  /** Problems reported so far (damaged files, failed writes, unexpected files). */
  public long problems() {
    return problems.get();
  }

  /** Distinct damaged item files found so far. */
  public long corruptFiles() {
    return corruptFiles.get();
  }

  public long bytesWritten() {
    return bytesWritten.get();
  }

  public long filesWritten() {
    return filesWritten.get();
  }

  /** The item, verified, or null after reporting why it cannot be used. */
  private StableItem readChecked(int vm, Path dir, ItemName n) {
    Path file = dir.resolve(n.fileName());
    try {
      StableItem it = ItemFile.read(file);
      if (it.vm() != vm || !n.describes(it)) {
        throw new CorruptItemException("content (vm " + it.vm() + ", interval " + it.interval()
            + ", incarnation " + it.incarnation() + ") does not match its name");
      }
      return it;
    } catch (NoSuchFileException e) {
      return null; // reclaimed or discarded meanwhile
    } catch (CorruptItemException e) {
      if (reported.add(file.toString())) {
        corruptFiles.incrementAndGet();
        report("corrupt item file " + file + ": " + e.getMessage() + "; not used");
      }
      return null;
    } catch (IOException e) {
      report("cannot read item file " + file + ": " + e + "; not used");
      return null;
    }
  }

  private void reportFallback(int vm, ItemName bad, List<ItemName> good) {
    if (!reported.add("fallback " + vmDir(vm).resolve(bad.fileName()))) {
      return;
    }
    ItemName older = null;
    for (ItemName g : good) {
      if (g.checkpoint() && g.interval() < bad.interval()
          && (older == null || g.interval() >= older.interval())) {
        older = g;
      }
    }
    report("vm " + vm + ": checkpoint " + bad.fileName() + " is unusable; recovery falls back to "
        + (older == null ? "no older checkpoint (none is good)"
            : older.fileName() + " (interval " + older.interval() + ") and its logs"));
  }

  // ---- deleting ---------------------------------------------------------------------------

  /**
   * Deletes the VM's items below the checkpoint it stands on in line {@code lineIndex}
   * ({@link Retention#reclaim}: the newest one that READS BACK GOOD, so the last good checkpoint
   * is deleted only once a newer one is durable and verified). "Good" here reads the whole file
   * (checksum and decoding); a checkpoint found good is not read again by later calls (its size
   * is remembered), while {@link #durableItems} always re-reads.
   */
  @Override
  public void reclaim(int vm, int lineIndex) {
    Path dir = vmDir(vm);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    VmDirectories.Listing l = dirs.listing(vm, dir);
    Retention.Reclaim<ItemName> r = Retention.reclaim(l.items(), ItemName::key, lineIndex,
        l.marks(), n -> verifiedGood(vm, dir, n));
    if (r.noGoodBase()) {
      report("vm " + vm + ": no good checkpoint for line " + lineIndex + "; nothing reclaimed");
    }
    for (ItemName n : r.deletable()) {
      delete(dir, n.fileName());
    }
  }

  private boolean verifiedGood(int vm, Path dir, ItemName n) {
    Path file = dir.resolve(n.fileName());
    try {
      Long size = verified.get(file.toString());
      if (size != null && size == Files.size(file)) {
        return true;
      }
    } catch (IOException e) {
      return false;
    }
    if (readChecked(vm, dir, n) == null) {
      return false;
    }
    try {
      verified.put(file.toString(), Files.size(file));
    } catch (IOException e) {
      return false;
    }
    return true;
  }

  /**
   * Undoes a VM's future after a rollback to {@code fromInterval} (D6): items of incarnations
   * older than {@code incarnation} that are checkpoints past the line or R6 records of intervals
   * at or after it. The mark is made durable before anything is deleted, so a crash in between,
   * or a lazy write landing later, leaves nothing that a read would use.
   */
  @Override
  public void discardFuture(int vm, int incarnation, int fromInterval) {
    RollbackMark mark = new RollbackMark(incarnation, fromInterval);
    dirs.marksOf(vm).add(mark);
    try {
      Path dir = dirs.ensure(vm);
      String name = ItemName.markName(incarnation, fromInterval);
      ItemFile.writeSmall(dir, "." + name + ".tmp", name, new byte[0]);
      VmDirectories.Listing l = dirs.listing(vm, dir);
      for (ItemName n : l.items()) {
        if (Retention.discarded(n.key(), List.of(mark))) {
          delete(dir, n.fileName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record rollback of vm " + vm, e);
    }
  }

  private void delete(Path dir, String fileName) {
    Path file = dir.resolve(fileName);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      report("cannot delete " + file + ": " + e);
    }
    verified.remove(file.toString());
    reported.remove(file.toString());
    reported.remove("fallback " + file);
  }

  // ---- the directory ----------------------------------------------------------------------

  /**
   * The checkpoints of {@code vm} at or below {@code line} that {@link Retention#damagedAbove}
   * finds damaged: read newest first (checksum, decoding and name) down to the first that reads
   * back good, each bad one reported once. Usually that is one read of the line's base, found
   * good (D15). A file deleted meanwhile is not damaged, only gone.
   */
  @Override
  public List<ItemKey> damagedAbove(int vm, int line) {
    Path dir = vmDir(vm);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    VmDirectories.Listing l = dirs.listing(vm, dir);
    return Retention.damagedAbove(l.items(), ItemName::key, line, l.marks(),
            n -> readChecked(vm, dir, n) != null).stream()
        .filter(n -> Files.exists(dir.resolve(n.fileName()))).map(ItemName::key).toList();
  }

  /** A real disk can rot: the previous durable line is kept restorable too (D15). */
  @Override
  public int linesKept() {
    return 2;
  }

  /** How many log records of {@code vm} are on disk now (names only; nothing is read). */
  public int storedLogs(int vm) {
    Path dir = vmDir(vm);
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    return (int) dirs.listing(vm, dir).items().stream().filter(n -> !n.checkpoint()).count();
  }

  private void report(String message) {
    problems.incrementAndGet();
    problemSink.accept(message);
  }
}
