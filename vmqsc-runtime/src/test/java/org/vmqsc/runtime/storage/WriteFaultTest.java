package org.vmqsc.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.spi.StableItem.LogItem;

/**
 * The injected write error {@code vmqsc chaos} uses: while host 0's fault file exists its writes
 * fail and nothing it staged completes; host 1 writes on; once the file is gone the held write
 * goes through and completes.
 */
class WriteFaultTest {
  @TempDir Path dir;
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final List<long[]> completions = Collections.synchronizedList(new ArrayList<>());
  private FileStableStorage storage;

  @AfterEach
  void halt() {
    if (storage != null) {
      storage.halt();
    }
  }

  @Test
  @Timeout(20)
  void aHostsWritesFailWhileItsFaultFileExistsAndGoThroughOnceItIsGone()
      throws IOException, InterruptedException {
    storage = new FileStableStorage(FileStorageConfig.builder(dir).lazyDelayMillis(0)
        .retryBackoffMillis(10).maxRetryBackoffMillis(20).build(),
        (h, t) -> completions.add(new long[] {h, t}), problems::add);
    Path fault = WriteFault.file(dir, 0);
    Files.writeString(fault, "");

    storage.stage(0, TestItems.log(0, LogItem.Kind.R6, 1, 0));
    storage.stage(1, TestItems.log(1, LogItem.Kind.R6, 1, 0));
    while (problems.stream().noneMatch(p -> p.contains("injected write error"))) {
      Thread.sleep(5);
    }
    while (completions.isEmpty()) {
      Thread.sleep(5); // host 1's write, not held by host 0's fault
    }

    assertThat(completions).extracting(c -> c[0]).containsExactly(1L);
    assertThat(storage.itemNames(0)).isEmpty();
    assertThat(storage.pendingWrites(0)).isEqualTo(1);

    Files.delete(fault);
    storage.flush();
    assertThat(completions).extracting(c -> c[0]).containsExactly(1L, 0L);
    assertThat(storage.itemNames(0)).hasSize(1);
  }
}
