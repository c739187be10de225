package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An injected write error, the one seam for tests and {@code vmqsc chaos}: while the file
 * {@code STORAGE/hosts/host-H.fail-writes} exists, every batch host H's writer tries fails with
 * an {@link IOException} before anything is written, as a full disk or a failing device would
 * make it fail; its message is the file's first line (e.g. {@code No space left on device}), or
 * says the file exists when it is empty. The writer reports and retries it as any failed write ({@link HostWriter}), so
 * removing the file lets the held writes go through in ticket order. The file is looked for
 * once per batch (one {@code stat}); nothing else in the runtime creates it.
 */
public final class WriteFault {
  private WriteFault() {}

  /** The fault file of {@code host} under the storage directory {@code storageDir}. */
  public static Path file(Path storageDir, int host) {
    return hostsFile(storageDir.resolve("hosts"), host);
  }

  static void check(Path hostsDir, int host) throws IOException {
    Path f = hostsFile(hostsDir, host);
    if (Files.exists(f)) {
      String said = "";
      try {
        said = Files.readAllLines(f).stream().findFirst().orElse("").strip();
      } catch (IOException gone) {
        // removed while read: this batch still fails, the next one goes through
      }
      throw new IOException(said.isEmpty() ? "injected write error: " + f + " exists" : said);
    }
  }

  private static Path hostsFile(Path hostsDir, int host) {
    return hostsDir.resolve("host-" + host + ".fail-writes");
  }
}
