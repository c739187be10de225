package org.vmqsc.runtime.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract over a directory: the embedded default. */
class FileStoreContractTest extends StableStorageContract {
  @TempDir Path dir;

  @Override
  ObjectStore newStore() {
    return new FileObjectStore(dir);
  }

  @Override
  Path localDir() {
    return dir;
  }

  @Override
  byte[] rawRead(String name) throws IOException {
    return Files.readAllBytes(dir.resolve(name));
  }

  @Override
  void rawWrite(String name, byte[] bytes) throws IOException {
    Files.write(dir.resolve(name), bytes);
  }

  @Override
  void rawDelete(String name) throws IOException {
    Files.delete(dir.resolve(name));
  }
}
