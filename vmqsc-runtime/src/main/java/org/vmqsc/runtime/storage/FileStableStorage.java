package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Stable storage in one {@link ObjectStore}: a directory (a local disk, or a mount such as NFS
 * shared by every host; the default) or a bucket of an S3-compatible object store. Each
 * checkpoint is one object {@code vm-<vm>/<kind>_<interval>_<incarnation>_<origin>.item} (see
 * {@link ItemName}) framed and checksummed by {@link ItemFile} and written atomically and durably
 * (as the store defines it: fsynced, or acknowledged); "file" below means such an object, on disk
 * or not. Log records are appended to their host's segment, one sync for a whole batch ({@link
 * SegmentLog}), and found by {@link SegmentIndex}; they carry the name their file would have had.
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

  private static final String HOSTS_DIR = WriterRuns.HOSTS_DIR;

  private final FileStorageConfig config;
  /** The local storage directory: the store's root for files, and where write faults are. */
  private final Path root;
  private final ObjectStore store;
  private final Completion completion;
  private final Consumer<String> problemSink;
  private final Map<Integer, HostWriter> writers = new ConcurrentHashMap<>();
  /** Each writer's log segments; used only on that writer's thread, closed after it stops. */
  private final Map<Integer, SegmentLog> logs = new ConcurrentHashMap<>();
  private final SegmentIndex segments;
  private final AtomicLong lastSweepNanos = new AtomicLong(System.nanoTime());
  private final VmDirectories dirs;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  /** How long a log record read back good is not read again by {@link #damagedLogs}. */
  private static final long GOOD_RECORD_NANOS = 30_000_000_000L;
  /** Log records {@link #damagedLogs} read back good, by where they are: when. */
  private final Map<String, Long> goodRecords = new ConcurrentHashMap<>();
  /** Checkpoint files that reclaim has read back whole and found good: file name to size. */
  private final Map<String, Long> verified = new ConcurrentHashMap<>();
  private final AtomicLong problems = new AtomicLong();
  private final AtomicLong corruptFiles = new AtomicLong();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicLong filesWritten = new AtomicLong();
  private final AtomicLong recordsWritten = new AtomicLong();
  /** Told of each batch written (metrics); set once by the node that owns this storage. */
  private volatile WriteObserver observer = WriteObserver.NONE;

  /** Storage in the directory {@code config.dir()}. */
  public FileStableStorage(FileStorageConfig config, Completion completion,
      Consumer<String> problems) {
    this(config, new FileObjectStore(config.dir()), completion, problems);
  }

  /**
   * Storage in {@code store} (closed with this storage); {@code config.dir()} is still a local
   * directory: injected write faults ({@link WriteFault}) are looked for there.
   */
  public FileStableStorage(FileStorageConfig config, ObjectStore store, Completion completion,
      Consumer<String> problems) {
    this.config = config;
    this.root = config.dir().toAbsolutePath().normalize();
    this.store = store;
    this.completion = completion;
    this.problemSink = problems;
    this.segments = new SegmentIndex(store, this::report);
    this.dirs = new VmDirectories(store, f -> {
      if (reported.add(f)) {
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
    HostWriter w = writers.computeIfAbsent(host, this::startWriter);
    return w.stage(item, targetBytes(item));
  }

  @Override
  public void preload(StableItem item) {
    byte[] encoded = ItemCodec.encode(item);
    ItemName name = ItemName.boot(item);
    try {
      ObjectStore.Content frame = ItemFile.frame(ItemCodec.typeOf(item), encoded,
          targetBytes(item), fillSeed(item));
      store.putAll(List.of(new ObjectStore.Put(VmDirectories.objectName(item.vm(),
          name.fileName()), name.tempName(), frame)));
      long size = frame.size();
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

  /** Flushes and stops the writers, then closes the store. */
  @Override
  public void close() {
    for (HostWriter w : writers.values()) {
      w.close();
    }
    logs.values().forEach(SegmentLog::close);
    closeStore();
  }

  /** Stops the writers at once, as a crash of this process would: staged writes are lost. */
  public void halt() {
    for (HostWriter w : writers.values()) {
      w.halt();
    }
    logs.values().forEach(SegmentLog::close);
    closeStore();
  }

  private void closeStore() {
    try {
      store.close();
    } catch (IOException e) {
      report("cannot close the store: " + e);
    }
  }

  /** Where the items are. */
  public ObjectStore store() {
    return store;
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
    long run = WriterRuns.next(store, host, this::report);
    segments.cutTornTails(host, run);
    SegmentLog log = new SegmentLog(store, host, run);
    logs.put(host, log);
    return new HostWriter(host, run, config, new HostWriter.Sink() {
      @Override
      public void write(List<HostWriter.Pending> batch) throws IOException {
        WriteFault.check(root.resolve(HOSTS_DIR), host);
        long start = System.nanoTime();
        long bytes = writeStaged(batch, log);
        observed(batch, bytes, System.nanoTime() - start);
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
   * Writes a batch: checkpoints through the store ({@link ObjectStore#putAll}: each object atomic,
   * all durable on return), log records appended to the host's segment with one sync for all of
   * them (group commit, {@link SegmentLog}). Only then are the tickets reported. A failure is
   * retried whole.
   */
  private long writeStaged(List<HostWriter.Pending> batch, SegmentLog log) throws IOException {
    List<ObjectStore.Put> todo = new ArrayList<>();
    List<byte[]> records = new ArrayList<>();
    long bytes = 0;
    for (HostWriter.Pending p : batch) {
      if (Retention.discarded(p.name().key(), dirs.knownMarks(p.vm()))) {
        continue; // rolled back while it waited: nothing to keep, the ticket completes
      }
      long seed = fillSeed(p.vm(), p.name().incarnation(), p.name().interval());
      if (!p.name().checkpoint()) {
        byte[] r = SegmentRecord.encode(p.vm(), p.name(), p.encoded(), p.targetBytes(), seed);
        records.add(r);
        bytes += r.length;
        continue;
      }
      ObjectStore.Content frame = ItemFile.frame(p.type(), p.encoded(), p.targetBytes(), seed);
      todo.add(new ObjectStore.Put(VmDirectories.objectName(p.vm(), p.name().fileName()),
          p.name().tempName(), frame));
      bytes += frame.size();
    }
    if (!todo.isEmpty()) {
      store.putAll(todo);
    }
    log.commit(records);
    bytesWritten.addAndGet(bytes);
    filesWritten.addAndGet(todo.size());
    recordsWritten.addAndGet(records.size());
    return bytes;
  }

  /** Tells {@code observer} of a batch now durable (on the writer's thread). */
  private void observed(List<HostWriter.Pending> batch, long bytes, long writeNanos) {
    WriteObserver o = observer;
    if (o == WriteObserver.NONE) {
      return;
    }
    o.batchWritten(batch.size(), bytes, writeNanos);
    long now = System.nanoTime();
    long lazy = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(config.lazyDelayMillis());
    for (HostWriter.Pending p : batch) {
      if (p.name().checkpoint()) {
        // A checkpoint is eligible lazyDelay after it is staged (HostWriter.stage).
        o.checkpointDurable(writeNanos, now - (p.eligibleAtNanos() - lazy));
      }
    }
  }

  /** Tells {@code o} of every batch written from now on (metrics). */
  public void observe(WriteObserver o) {
    observer = java.util.Objects.requireNonNull(o, "observer");
  }

  // ---- reading ----------------------------------------------------------------------------

  @Override
  public List<StableItem> durableItems(int vm) {
    VmDirectories.Listing l = dirs.listing(vm);
    Map<ItemName, SegmentIndex.Entry> inSegments = new HashMap<>();
    int floor = floor(l);
    for (SegmentIndex.Entry e : segments.entriesOf(vm)) {
      if (e.name().interval() >= floor) { // below it: reclaimed, awaiting its segment's sweep
        inSegments.put(e.name(), e);
      }
    }
    List<ItemName> names = new ArrayList<>(l.items());
    names.addAll(inSegments.keySet());
    names.sort(ItemName.STAGING_ORDER);
    List<StableItem> good = new ArrayList<>();
    List<ItemName> goodNames = new ArrayList<>();
    List<ItemName> badCheckpoints = new ArrayList<>();
    for (ItemName n : names) {
      if (Retention.discarded(n.key(), l.marks())) {
        continue;
      }
      SegmentIndex.Entry e = inSegments.get(n);
      StableItem it = e == null ? readChecked(vm, n) : readRecord(e);
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
    ItemName.resolve(vmDir(vm), fileName);
    ItemName n = ItemName.parse(fileName);
    StableItem it = readObject(VmDirectories.objectName(vm, fileName));
    if (it.vm() != vm || !n.describes(it)) {
      throw new CorruptItemException("content does not match its name");
    }
    return it;
  }

  private StableItem readObject(String name) throws IOException {
    try (ObjectStore.Blob b = store.open(name)) {
      return ItemFile.read(b.channel(), b.size());
    }
  }

  /**
   * Item names of a VM in staging order: its files (damaged ones included) and its log records
   * in segments, named as files of theirs would be (records reclaim has passed left out).
   */
  public List<String> itemNames(int vm) {
    VmDirectories.Listing l = dirs.listing(vm);
    List<ItemName> names = new ArrayList<>(l.items());
    int floor = floor(l);
    for (SegmentIndex.Entry e : segments.entriesOf(vm)) {
      if (e.name().interval() >= floor) {
        names.add(e.name());
      }
    }
    names.sort(ItemName.STAGING_ORDER);
    return names.stream().map(ItemName::fileName).toList();
  }

  /**
   * The VM's directory when the store is a directory ({@link FileObjectStore}); with another
   * store, where it would be in the local storage directory (nothing is there).
   */
  public Path vmDir(int vm) {
    return root.resolve(VmDirectories.of(vm));
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

  /** Checkpoint objects written (log records go into segments: {@link #recordsWritten}). */
  public long filesWritten() {
    return filesWritten.get();
  }

  /** Log records appended to segments. */
  public long recordsWritten() {
    return recordsWritten.get();
  }

  /** The item, verified, or null after reporting why it cannot be used. */
  private StableItem readChecked(int vm, ItemName n) {
    String name = VmDirectories.objectName(vm, n.fileName());
    String file = store.where(name);
    try {
      StableItem it = readObject(name);
      if (it.vm() != vm || !n.describes(it)) {
        throw new CorruptItemException("content (vm " + it.vm() + ", interval " + it.interval()
            + ", incarnation " + it.incarnation() + ") does not match its name");
      }
      return it;
    } catch (NoSuchFileException e) {
      return null; // reclaimed or discarded meanwhile
    } catch (CorruptItemException e) {
      if (reported.add(file)) {
        corruptFiles.incrementAndGet();
        report("corrupt item file " + file + ": " + e.getMessage() + "; not used");
      }
      return null;
    } catch (IOException | UncheckedIOException e) {
      report("cannot read item file " + file + ": " + e + "; not used");
      return null;
    }
  }

  /** A log record from its segment, verified, or null after reporting why it cannot be used. */
  private StableItem readRecord(SegmentIndex.Entry e) {
    String where = segments.where(e);
    try {
      return segments.read(e);
    } catch (NoSuchFileException gone) {
      return null; // its segment was swept meanwhile: every record in it was dead
    } catch (CorruptItemException bad) {
      if (reported.add(where)) {
        corruptFiles.incrementAndGet();
        report("corrupt log record " + where + " (" + e.name().fileName() + "): "
            + bad.getMessage() + "; not used");
      }
      return null;
    } catch (IOException | UncheckedIOException bad) {
      report("cannot read log record " + where + ": " + bad + "; not used");
      return null;
    }
  }

  private void reportFallback(int vm, ItemName bad, List<ItemName> good) {
    if (!reported.add("fallback " + store.where(VmDirectories.objectName(vm, bad.fileName())))) {
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
    VmDirectories.Listing l = dirs.listing(vm);
    Retention.Reclaim<ItemName> r = Retention.reclaim(l.items(), ItemName::key, lineIndex,
        l.marks(), n -> verifiedGood(vm, n));
    if (r.noGoodBase()) {
      report("vm " + vm + ": no good checkpoint for line " + lineIndex + "; nothing reclaimed");
    }
    for (ItemName n : r.deletable()) {
      delete(vm, n.fileName());
    }
    long last = lastSweepNanos.get();
    long now = System.nanoTime();
    if (now - last >= SegmentLog.ROLL_NANOS && lastSweepNanos.compareAndSet(last, now)) {
      sweepSegments();
    }
  }

  /**
   * Deletes the log segments whose every record is dead: below the oldest checkpoint its VM still
   * has (reclaim deletes checkpoints only below the line it was given, so nothing below that one
   * can be replayed on any checkpoint) or undone by a rollback. Run by reclaim at most once a
   * {@link SegmentLog#ROLL_NANOS}; returns how many segments went.
   */
  public int sweepSegments() {
    return segments.sweep(vm -> {
      VmDirectories.Listing l = dirs.listing(vm);
      return new SegmentIndex.Floor(floor(l), l.marks());
    });
  }

  /**
   * The interval of the oldest checkpoint a VM still has (no rollback undid it): a log record
   * below it cannot be replayed on any checkpoint, and reclaim has passed it (what a reclaim
   * deletes as files, it leaves dead in segments). The lowest int when the VM has none.
   */
  private static int floor(VmDirectories.Listing l) {
    int floor = Integer.MAX_VALUE;
    for (ItemName n : l.items()) {
      if (n.checkpoint() && !Retention.undone(n.key(), l.marks())) {
        floor = Math.min(floor, n.interval());
      }
    }
    return floor == Integer.MAX_VALUE ? Integer.MIN_VALUE : floor;
  }

  private boolean verifiedGood(int vm, ItemName n) {
    String name = VmDirectories.objectName(vm, n.fileName());
    String file = store.where(name);
    try {
      Long size = verified.get(file);
      if (size != null && size == store.size(name)) {
        return true;
      }
    } catch (IOException e) {
      return false;
    }
    if (readChecked(vm, n) == null) {
      return false;
    }
    try {
      long size = store.size(name);
      if (size < 0) {
        return false;
      }
      verified.put(file, size);
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
      String name = ItemName.markName(incarnation, fromInterval);
      store.putAll(List.of(new ObjectStore.Put(VmDirectories.objectName(vm, name),
          "." + name + ".tmp", ObjectStore.bytes(new byte[0]))));
      VmDirectories.Listing l = dirs.listing(vm);
      for (ItemName n : l.items()) {
        if (Retention.discarded(n.key(), List.of(mark))) {
          delete(vm, n.fileName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record rollback of vm " + vm, e);
    }
  }

  private void delete(int vm, String fileName) {
    String name = VmDirectories.objectName(vm, fileName);
    String file = store.where(name);
    try {
      store.delete(name);
    } catch (IOException | UncheckedIOException e) {
      report("cannot delete " + file + ": " + e);
    }
    verified.remove(file);
    reported.remove(file);
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
    VmDirectories.Listing l = dirs.listing(vm);
    return Retention.damagedAbove(l.items(), ItemName::key, line, l.marks(),
            n -> readChecked(vm, n) != null).stream()
        .filter(n -> exists(vm, n)).map(ItemName::key).toList();
  }

  /**
   * D15 for log records: the VM's log records that a rebuild may use (at or above its oldest
   * checkpoint, not discarded) and that do not read back good now, each read again (checksum,
   * decoding, header), with the damaged stretches its segments were indexed with ({@link
   * SegmentIndex#damagedOf}); which of them line {@code line} needs is core {@link
   * Retention#damagedLogsNeeded}'s decision. A record found good is not read again for {@link
   * #GOOD_RECORD_NANOS}, so that a recovery asking at several lines reads each record once.
   */
  @Override
  public List<ItemKey> damagedLogs(int vm, int line, boolean everyoneRollsBack) {
    VmDirectories.Listing l = dirs.listing(vm);
    List<ItemKey> damaged = new ArrayList<>(segments.damagedOf(vm));
    int floor = floor(l);
    long now = System.nanoTime();
    goodRecords.values().removeIf(at -> now - at > GOOD_RECORD_NANOS);
    for (SegmentIndex.Entry e : segments.entriesOf(vm)) {
      ItemName n = e.name();
      String where = segments.where(e);
      if (n.interval() < floor || Retention.discarded(n.key(), l.marks())
          || goodRecords.containsKey(where)) {
        continue;
      }
      if (readRecord(e) != null) {
        goodRecords.put(where, now);
      } else if (segmentExists(e)) {
        damaged.add(n.key());
      }
    }
    for (ItemName n : l.items()) { // log files of versions before segments
      if (!n.checkpoint() && !Retention.discarded(n.key(), l.marks())
          && readChecked(vm, n) == null && exists(vm, n)) {
        damaged.add(n.key());
      }
    }
    return Retention.damagedLogsNeeded(l.items(), ItemName::key, line, l.marks(),
        n -> verifiedGood(vm, n), damaged, everyoneRollsBack);
  }

  private boolean segmentExists(SegmentIndex.Entry e) {
    try {
      return store.size(e.segment().objectName()) >= 0;
    } catch (IOException x) {
      return true; // cannot tell: it stays damaged, which is the safe answer
    }
  }

  private boolean exists(int vm, ItemName n) {
    try {
      return store.size(VmDirectories.objectName(vm, n.fileName())) >= 0;
    } catch (IOException e) {
      return true; // cannot tell: it stays damaged, which is the safe answer
    }
  }

  /** A real disk can rot: the previous durable line is kept restorable too (D15). */
  @Override
  public int linesKept() {
    return 2;
  }

  /**
   * How many log records of {@code vm} are on stable storage now, in segments and in files of
   * older versions (headers and names only; no item is decoded).
   */
  public int storedLogs(int vm) {
    return segments.entriesOf(vm).size()
        + (int) dirs.listing(vm).items().stream().filter(n -> !n.checkpoint()).count();
  }

  private void report(String message) {
    problems.incrementAndGet();
    problemSink.accept(message);
  }
}
