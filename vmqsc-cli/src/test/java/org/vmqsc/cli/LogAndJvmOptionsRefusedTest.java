package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad log and JVM settings given to {@code cluster up} (issue 13, items 3 and 7): one line naming
 * the key and the value, exit 2, and no process started.
 */
class LogAndJvmOptionsRefusedTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--log-level|loud|logLevel: must be one of",
      "--log-format|xml|logFormat: must be text or json",
      "--log-files|0|logFiles: must be in 1..",
      "--log-file-size|1|logFileSize: malformed size",
      "--jvm-opts|-Xmx1g --heap 512MiB|jvmOpts: gives -Xmx and heap is set too"})
  void aBadSettingIsOneLineAndNothingStarts(String flag, String value, String says)
      throws IOException {
    Path dir = tmp.resolve("c");
    String[] extra = value.split(" ");
    String[] args = new String[6 + extra.length];
    String[] head = {"cluster", "up", "--scenario", "paper-fig2", "--dir", dir.toString()};
    System.arraycopy(head, 0, args, 0, head.length);
    args[head.length] = flag + "=" + extra[0];
    System.arraycopy(extra, 1, args, head.length + 1, extra.length - 1);
    CliRun r = CliRun.of(args);

    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("vmqsc: ").contains(says).doesNotContain("\n");
    try (Stream<Path> files = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no process started").noneMatch(n -> n.endsWith(".pid"));
    }
  }
}
