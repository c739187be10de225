package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process on a full disk dies with its log cut mid-line: it could not write why. What reports
 * its death (cluster up, restart manager) then names the full disk. Needs root to mount a small
 * tmpfs inside the test's own temporary directory (unmounted however the test ends); skipped
 * elsewhere.
 */
@Timeout(60)
class FullDiskReasonTest {
  @TempDir Path tmp;

  @Test
  void aProcessThatStoppedWithoutAReasonOnAFullDiskIsSaidToHaveAFullDisk() throws Exception {
    Path mnt = tmp.resolve("mnt");
    Files.createDirectories(mnt);
    assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt.toString()) == 0,
        "cannot mount a tmpfs here (not root?)");
    try {
      ClusterDir cd = new ClusterDir(mnt);
      Files.writeString(cd.log("host-1"), "INFO: host 1 up (booted), index 17\nDec 07, 2026 "
          + "6:45:37 AM org.vmqsc.runtime.storage.HostWr");
      assertThat(cd.exitReason("host-1")).as("space left: the log says what it says")
          .startsWith("Dec 07, 2026");

      fill(mnt.resolve("ballast"));
      assertThat(cd.exitReason("host-1")).contains("full disk", "bytes free", mnt.toString());
    } finally {
      assertThat(run("umount", mnt.toString()) == 0 || run("umount", "-l", mnt.toString()) == 0)
          .as("unmounted").isTrue();
    }
  }

  private static void fill(Path file) {
    byte[] block = new byte[16 * 1024];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < 1024; i++) { // bounded: 16 MiB at most, the tmpfs holds 4 MiB
        out.write(block);
      }
    } catch (IOException full) {
      return; // ENOSPC: full
    }
    throw new AssertionError("the tmpfs did not fill up");
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
