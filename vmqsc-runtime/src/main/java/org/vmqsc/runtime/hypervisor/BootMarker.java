package org.vmqsc.runtime.hypervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vmqsc.runtime.cluster.Durable;

/**
 * A host that booted once leaves this marker in the cluster directory; when it starts again it
 * knows it is a restart and waits for the manager's recovery (R9) instead of booting its VMs.
 */
final class BootMarker {
  private final Path file;

  BootMarker(Path clusterDir, int host) {
    this.file = clusterDir.resolve("host-" + host + ".booted");
  }

  Path path() {
    return file;
  }

  boolean exists() {
    return Files.exists(file);
  }

  void write() {
    try {
      Durable.write(file, "booted\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
