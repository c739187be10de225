package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.vmqsc.core.storage.RollbackMark;

/**
 * The VMs' directories of a {@link FileStableStorage}: where each lies, what each holds (item
 * names and rollback marks), and the rollbacks of each VM this process knows of. Thread-safe.
 */
final class VmDirectories {
  private final Path root;
  private final Consumer<Path> unexpected;
  private final Map<Integer, List<RollbackMark>> marks = new ConcurrentHashMap<>();
  private final Set<Integer> vmDirsReady = ConcurrentHashMap.newKeySet();

  /** {@code unexpected} hears of every file that is neither an item, a mark nor a temp file. */
  VmDirectories(Path root, Consumer<Path> unexpected) {
    this.root = root;
    this.unexpected = unexpected;
  }

  Path of(int vm) {
    return root.resolve(ItemName.vmDirName(vm));
  }

  /** What a VM's directory holds: item names in staging order and rollback marks. */
  record Listing(List<ItemName> items, List<RollbackMark> marks) {}

  Listing listing(int vm, Path dir) {
    List<ItemName> items = new ArrayList<>();
    List<RollbackMark> found = new ArrayList<>();
    for (String f : list(dir)) {
      ItemName n = ItemName.parse(f);
      RollbackMark mark = n == null ? ItemName.parseMark(f) : null;
      if (n != null) {
        items.add(n);
      } else if (mark != null) {
        found.add(mark);
      } else if (!f.startsWith(ItemName.TEMP_PREFIX)) {
        unexpected.accept(dir.resolve(f));
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

  static List<String> list(Path dir) {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        names.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return names;
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

  Path ensure(int vm) {
    Path dir = of(vm);
    if (vmDirsReady.contains(vm)) {
      return dir;
    }
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir);
        ItemFile.syncDirectory(root); // the new directory's entry must survive a crash too
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    vmDirsReady.add(vm);
    return dir;
  }
}
