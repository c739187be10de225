package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.vmqsc.core.storage.RollbackMark;

/**
 * The VMs' directories of a {@link FileStableStorage} in its {@link ObjectStore}: what each holds
 * (item names and rollback marks), and the rollbacks of each VM this process knows of.
 * Thread-safe.
 */
final class VmDirectories {
  private final ObjectStore store;
  private final Consumer<String> unexpected;
  private final Map<Integer, List<RollbackMark>> marks = new ConcurrentHashMap<>();

  /**
   * {@code unexpected} hears of every object (by {@link ObjectStore#where}) that is neither an
   * item, a mark nor a temp file.
   */
  VmDirectories(ObjectStore store, Consumer<String> unexpected) {
    this.store = store;
    this.unexpected = unexpected;
  }

  /** The directory of {@code vm}, as a name in the store. */
  static String of(int vm) {
    return ItemName.vmDirName(vm);
  }

  /** The name in the store of {@code vm}'s object {@code fileName}. */
  static String objectName(int vm, String fileName) {
    return of(vm) + "/" + fileName;
  }

  /** What a VM's directory holds: item names in staging order and rollback marks. */
  record Listing(List<ItemName> items, List<RollbackMark> marks) {}

  Listing listing(int vm) {
    List<ItemName> items = new ArrayList<>();
    List<RollbackMark> found = new ArrayList<>();
    for (String f : list(store, of(vm))) {
      ItemName n = ItemName.parse(f);
      RollbackMark mark = n == null ? ItemName.parseMark(f) : null;
      if (n != null) {
        items.add(n);
      } else if (mark != null) {
        found.add(mark);
      } else if (!f.startsWith(ItemName.TEMP_PREFIX)) {
        unexpected.accept(store.where(objectName(vm, f)));
      }
    }
    items.sort(ItemName.STAGING_ORDER);
    List<RollbackMark> known = marksOf(vm);
    synchronized (known) {
      for (RollbackMark m : found) {
        if (!known.contains(m)) {
          known.add(m);
        }
      }
      return new Listing(items, List.copyOf(known));
    }
  }

  static List<String> list(ObjectStore store, String dir) {
    try {
      return store.list(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + store.where(dir), e);
    }
  }

  List<RollbackMark> marksOf(int vm) {
    return marks.computeIfAbsent(vm, v -> Collections.synchronizedList(
        new ArrayList<>()));
  }

  /** The rollbacks of {@code vm} this process knows of, as a copy safe to iterate. */
  List<RollbackMark> knownMarks(int vm) {
    List<RollbackMark> known = marksOf(vm);
    synchronized (known) {
      return List.copyOf(known);
    }
  }
}
