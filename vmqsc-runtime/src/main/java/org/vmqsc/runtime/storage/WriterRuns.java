package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Runs of a host's writer: every file a writer writes carries its run, one more than any run of
 * that host before, so that a restarted host never takes a name an earlier run used.
 */
final class WriterRuns {
  private WriterRuns() {}

  /**
   * The next run of {@code host}'s writer: one more than any run recorded in
   * {@code hosts/host-<h>.run} or seen in a file name, so that names of this run are new. Temp
   * files left by earlier runs of this host (a crash mid-write) are deleted on the way.
   */
  static long next(Path root, Path hostsDir, int host, Consumer<String> report) {
    Path counter = hostsDir.resolve("host-" + host + ".run");
    long run = 0;
    try {
      if (Files.exists(counter)) {
        String text = Files.readString(counter, StandardCharsets.US_ASCII).trim();
        if (text.matches("[0-9]{1,18}")) {
          run = Long.parseLong(text);
        } else {
          report.accept("run counter " + counter
              + " is unreadable; using the highest run on disk");
        }
      }
      run = Math.max(run, sweep(root, host)) + 1;
      String name = counter.getFileName().toString();
      ItemFile.writeSmall(counter.getParent(), "." + name + ".tmp", name,
          Long.toString(run).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the writer of host " + host, e);
    }
    return run;
  }

  /** Highest run of {@code host} in any file name; deletes that host's stale temp files. */
  private static long sweep(Path root, int host) throws IOException {
    long max = 0;
    try (DirectoryStream<Path> vms = Files.newDirectoryStream(root)) {
      for (Path vmDir : vms) {
        if (ItemName.parseVmDir(vmDir.getFileName().toString()) < 0) {
          continue;
        }
        for (String f : VmDirectories.list(vmDir)) {
          ItemName temp = ItemName.parseTemp(f);
          ItemName n = temp != null ? temp : ItemName.parse(f);
          if (n == null || n.host() != host) {
            continue;
          }
          max = Math.max(max, n.run());
          if (temp != null) {
            Files.deleteIfExists(vmDir.resolve(f)); // this host's earlier run died mid-write
          }
        }
      }
    }
    return max;
  }
}
