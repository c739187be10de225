package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs of a host's writer: every file a writer writes carries its run, one more than any run of
 * that host before, so that a restarted host never takes a name an earlier run used.
 */
final class WriterRuns {
  static final String HOSTS_DIR = "hosts";

  private WriterRuns() {}

  /**
   * The next run of {@code host}'s writer: one more than any run recorded in
   * {@code hosts/host-<h>.run} or seen in a file name, so that names of this run are new. Temp
   * files left by earlier runs of this host (a crash mid-write) are deleted on the way.
   */
  static long next(ObjectStore store, int host, Consumer<String> report) {
    String name = "host-" + host + ".run";
    String counter = HOSTS_DIR + "/" + name;
    long run = 0;
    try {
      byte[] bytes = store.readSmall(counter);
      if (bytes != null) {
        String text = new String(bytes, StandardCharsets.US_ASCII).trim();
        if (text.matches("[0-9]{1,18}")) {
          run = Long.parseLong(text);
        } else {
          report.accept("run counter " + store.where(counter)
              + " is unreadable; using the highest run on disk");
        }
      }
      run = Math.max(run, sweep(store, host)) + 1;
      store.putAll(List.of(new ObjectStore.Put(counter, "." + name + ".tmp",
          ObjectStore.bytes(Long.toString(run).getBytes(StandardCharsets.US_ASCII)))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the writer of host " + host, e);
    }
    return run;
  }

  /**
   * Highest run of {@code host} in any file or log segment name; deletes that host's stale temp
   * files.
   */
  private static long sweep(ObjectStore store, int host) throws IOException {
    long max = 0;
    for (String f : store.list(SegmentName.DIR)) {
      SegmentName s = SegmentName.parse(f);
      if (s != null && s.host() == host) {
        max = Math.max(max, s.run());
      }
    }
    for (String vmDir : store.list("")) {
      if (ItemName.parseVmDir(vmDir) < 0) {
        continue;
      }
      for (String f : VmDirectories.list(store, vmDir)) {
        ItemName temp = ItemName.parseTemp(f);
        ItemName n = temp != null ? temp : ItemName.parse(f);
        if (n == null || n.host() != host) {
          continue;
        }
        max = Math.max(max, n.run());
        if (temp != null) {
          store.delete(vmDir + "/" + f); // this host's earlier run died mid-write
        }
      }
    }
    return max;
  }
}
