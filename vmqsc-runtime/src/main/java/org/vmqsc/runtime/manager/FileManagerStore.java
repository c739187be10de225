package org.vmqsc.runtime.manager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vmqsc.runtime.cluster.Durable;

/** One manager process's state: a small file replaced atomically ({@link Durable}). */
public final class FileManagerStore implements ManagerStore {
  private final Path file;

  public FileManagerStore(Path file) {
    this.file = file;
  }

  @Override
  public String load() throws IOException {
    return Files.exists(file) ? Files.readString(file) : null;
  }

  @Override
  public void save(String text) throws IOException {
    Durable.write(file, text);
  }

  @Override
  public String where() {
    return file.toString();
  }
}
