package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.runtime.cluster.Fig2Cluster.await;
import static org.vmqsc.runtime.cluster.Fig2Cluster.fig2;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.storage.FileObjectStore;
import org.vmqsc.runtime.storage.ItemName;
import org.vmqsc.runtime.storage.LogRecords;

/**
 * D15 for log records on real files: host 1 crashes, and the R6 record its MI3 VM (vm 3) needs
 * to reach the durable line (an interval between its base checkpoint and the line) is then found
 * damaged in the host's log segment. Its receipts are not on any other stable item, so the VM
 * cannot be rebuilt at the line: the recovery says so and returns every VM to an older kept line
 * at or below the record's interval, where no sender has sent what the record held. Judged from
 * the guests: the bank total and every channel's counts once traffic stops, and the restores the
 * hypervisors journaled (P3, P5). Before the rule the record was dropped silently and vm 3 came
 * back at the line without its receipts.
 */
class DamagedLogRecordClusterTest {
  private static final int VM = 3;
  @TempDir Path dir;
  Fig2Cluster c;

  @AfterEach
  void stop() throws Exception {
    if (c != null) {
      c.close();
    }
  }

  private int durableLine() {
    return c.client.clusterStatus().getDurableLine();
  }

  @Test
  void aDamagedR6RecordTheLineNeedsMakesTheRecoveryFallBackForEveryVm() throws Exception {
    c = Fig2Cluster.start(fig2(dir));
    await(() -> durableLine() >= 4, 15_000, "durable line >= 4");
    // Wait (bounded) for a moment when vm 3 has logged an interval between its base and the
    // durable line (it has not when it stands on a checkpoint at the line, or received nothing).
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + 40_000_000_000L;
    LogRecords.Located needed = null;
    int line = -1;
    while (needed == null && System.nanoTime() < deadline) {
      Thread.sleep(100);
      if (neededR6(durableLine(), new StringBuilder()) == null) {
        continue;
      }
      c.crash(1);
      await(() -> !c.client.clusterStatus().getHosts(1).getAlive(), 5_000, "host 1 seen failed");
      line = durableLine();
      needed = neededR6(line, seen);
      if (needed == null) { // the line moved just before the crash: recover and look again
        c.restart(1);
        awaitRecovered(c.client.clusterStatus().getRecoveries() + 1);
      }
    }
    assertThat(needed).as("an R6 record of vm 3 between its base checkpoint and the durable "
        + "line within 40 s:" + seen).isNotNull();
    List<Integer> before = c.client.clusterStatus().getIncarnationList();
    int recoveries = c.client.clusterStatus().getRecoveries();
    flipOneByte(c.spec.storageDir().resolve(needed.objectName()), needed.trailerOffset());

    c.restart(1);
    awaitRecovered(recoveries + 1);
    ClusterStatusResponse cs = c.client.clusterStatus();
    assertThat(cs.getLastDamagedLine()).as("the line the damaged record was needed for")
        .isEqualTo(line);
    assertThat(cs.getLastRecoveryLine()).as("an older line, at or below the record's interval")
        .isLessThanOrEqualTo(needed.name().interval());
    for (int v = 0; v < before.size(); v++) {
      assertThat(cs.getIncarnation(v)).as("vm " + v + " rolled back").isGreaterThan(
          before.get(v));
    }
    int after = cs.getDurableLine() + 3;
    await(() -> durableLine() >= after, 15_000, "durable line moves on after the fall-back");
    c.awaitQuietAndWhole();
  }

  private void awaitRecovered(int recoveries) throws InterruptedException {
    await(() -> c.client.clusterStatus().getRecoveries() >= recoveries
        && c.client.clusterStatus().getHosts(1).getAlive(), 15_000, "host 1 recovered");
  }

  /**
   * The newest R6 record of vm 3 of its current execution below {@code line} whose interval is at
   * or above the newest checkpoint at or below the line (the base the rebuild stands on), or
   * null. Often the last record of its segment: a flip of its checksum is damage all the same.
   */
  private LogRecords.Located neededR6(int line, StringBuilder seen) throws IOException {
    int incarnation = c.client.clusterStatus().getIncarnation(VM);
    int base = Integer.MIN_VALUE;
    try (Stream<Path> files = Files.list(c.spec.storageDir().resolve(ItemName.vmDirName(VM)))) {
      for (Path p : (Iterable<Path>) files::iterator) {
        ItemName n = ItemName.parse(p.getFileName().toString());
        if (n != null && n.checkpoint() && n.interval() <= line) {
          base = Math.max(base, n.interval());
        }
      }
    }
    seen.append(" [line ").append(line).append(", base ").append(base).append(", records");
    LogRecords.Located newest = null;
    try (FileObjectStore store = new FileObjectStore(c.spec.storageDir())) {
      for (LogRecords.Located r : LogRecords.of(store, VM)) {
        ItemName n = r.name();
        seen.append(' ').append(n.fileName()).append(r.tail() ? "(tail)" : "");
        if (n.kind().equals("r6") && n.incarnation() == incarnation && n.interval() >= base
            && n.interval() < line) {
          newest = r;
        }
      }
    }
    seen.append(']');
    return newest;
  }

  private static void flipOneByte(Path file, long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x40);
    }
  }
}
