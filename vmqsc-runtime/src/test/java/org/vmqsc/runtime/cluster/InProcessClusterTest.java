package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.runtime.cluster.Fig2Cluster.await;
import static org.vmqsc.runtime.cluster.Fig2Cluster.fig2;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.manager.ManagerStateFile;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.guests.TallyGuest;
import org.vmqsc.runtime.storage.ItemName;

/**
 * The paper's Figure 2 cluster ({@link Fig2Cluster}) with bank guests, one manager and two
 * hypervisors in this JVM on real gRPC, through failures: each story ends with traffic off and
 * the bank total and every channel's counts checked. Liveness, fencing and relocation, whose
 * outcome depends on when time passes, are told with time moved by hand in
 * {@link LivenessByHandTest}.
 */
class InProcessClusterTest {
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

  private void awaitDurable(int atLeast, String what) throws InterruptedException {
    await(() -> durableLine() >= atLeast, 15_000, what);
  }

  private void awaitRecovered(int host, int recoveries) throws InterruptedException {
    await(() -> c.client.clusterStatus().getRecoveries() == recoveries
        && c.client.clusterStatus().getHosts(host).getAlive(), 15_000,
        "host " + host + " recovered");
  }

  @Test
  void survivesVmFailureAndHostCrash() throws Exception {
    c = Fig2Cluster.start(fig2(dir));
    awaitDurable(3, "durable line >= 3");

    assertThat(c.client.failVm(0)).isTrue();
    await(() -> c.client.status(0).getVms(0).getUp(), 5_000, "vm 0 restored");

    int before = durableLine();
    c.crash(1);
    await(() -> !c.client.clusterStatus().getHosts(1).getAlive(), 5_000, "host 1 seen failed");
    c.restart(1);
    awaitRecovered(1, 1);
    ClusterStatusResponse cs = c.client.clusterStatus();
    assertThat(cs.getIncarnation(2)).isEqualTo(1);
    assertThat(cs.getIncarnation(3)).isEqualTo(1);
    awaitDurable(before + 3, "durable line moves on after recovery");
    c.awaitQuietAndWhole();
  }

  /**
   * D15 on real files: host 1 crashes, and the checkpoint its SI VM (vm 2) stands on in the
   * durable line is then found bit-flipped. The restarted host's recovery detects it by its
   * checksum, says so, and returns every VM to the previous durable line, which the storage kept;
   * nothing is lost or delivered twice.
   */
  @Test
  void aDamagedCheckpointMakesTheRecoveryFallBackToThePreviousLine() throws Exception {
    c = Fig2Cluster.start(fig2(dir));
    awaitDurable(4, "durable line >= 4");

    c.crash(1);
    await(() -> !c.client.clusterStatus().getHosts(1).getAlive(), 5_000, "host 1 seen failed");
    int line = durableLine();
    flipOneByte(newestCheckpointAtOrBelow(c.spec.storageDir(), 2, line));

    c.restart(1);
    awaitRecovered(1, 1);
    ClusterStatusResponse cs = c.client.clusterStatus();
    assertThat(cs.getLastDamagedLine()).isEqualTo(line);
    assertThat(cs.getLastRecoveryLine()).isLessThan(line);
    assertThat(cs.getIncarnationList()).as("every VM rolled back").containsOnly(1);
    awaitDurable(cs.getDurableLine() + 3, "durable line moves on after the fall-back");
    c.awaitQuietAndWhole();
  }

  /**
   * A guest program from outside the core, named by class ({@code guest:} in the config): its own
   * state goes into checkpoints on disk and comes back in a host recovery.
   */
  @Test
  void aGuestLoadedByClassSurvivesAHostCrash() throws Exception {
    c = Fig2Cluster.start(fig2(dir).withGuestClass(TallyGuest.class.getName()));
    awaitDurable(3, "durable line >= 3");
    c.crash(1);
    await(() -> !c.client.clusterStatus().getHosts(1).getAlive(), 5_000, "host 1 seen failed");
    c.restart(1);
    awaitRecovered(1, 1);
    awaitDurable(durableLine() + 2, "durable line moves on after recovery");
    c.awaitQuietAndWhole();
  }

  /** The manager's state is durable: a restarted manager process carries on from it. */
  @Test
  void managerRestartKeepsLinesAndCarriesOn() throws Exception {
    c = Fig2Cluster.start(fig2(dir));
    awaitDurable(3, "durable line >= 3");
    c.manager.close();
    int before = durableLineInStateFile();
    c.restartManager();
    assertThat(durableLine()).isGreaterThanOrEqualTo(before);
    awaitDurable(before + 3, "durable line moves on under the restarted manager");
    c.awaitQuietAndWhole();
  }

  /**
   * The manager's disk fills up (its state file cannot be written: here the temp file it writes
   * first is a directory, which fails like ENOSPC does, also for root). A host crashes and
   * restarts meanwhile. The manager says why in status, announces no line it has not saved, and
   * refuses the join rather than leave it hanging; the restarted host keeps asking instead of
   * dying of a deadline. When the disk has room again, the host is recovered and all is whole.
   */
  @Test
  void aManagerThatCannotSaveItsStateWaitsAndRecoversWhenItCan() throws Exception {
    c = Fig2Cluster.start(fig2(dir));
    awaitDurable(3, "durable line >= 3");
    Path blocker = dir.resolve(ManagerStateFile.FILE_NAME + ".tmp");
    Files.createDirectory(blocker);
    c.crash(1);
    await(() -> !c.client.clusterStatus().getHosts(1).getAlive(), 5_000, "host 1 seen failed");
    int frozen = durableLine();
    Thread restarting = new Thread(() -> {
      try {
        c.restart(1);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Thread.UncaughtExceptionHandler died = (t, e) -> restartFailed = e;
    restarting.setUncaughtExceptionHandler(died);
    restarting.start();
    await(() -> !c.client.clusterStatus().getManagerProblem().isEmpty(), 10_000,
        "status says the manager cannot save its state");
    assertThat(c.client.clusterStatus().getManagerProblem()).contains("cannot save");
    Thread.sleep(12 * Fig2Cluster.T0 + 11_000); // past the join's 10 s deadline
    assertThat(restartFailed).as("the restarted host did not give up on its join").isNull();
    assertThat(durableLine()).as("no line announced that is not saved").isEqualTo(frozen);
    assertThat(c.client.clusterStatus().getRecoveries()).isZero();

    Files.delete(blocker);
    restarting.join(15_000);
    assertThat(restartFailed).isNull();
    awaitRecovered(1, 1);
    assertThat(c.client.clusterStatus().getManagerProblem()).isEmpty();
    assertThat(c.client.clusterStatus().getRecoveryProblem()).isEmpty();
    awaitDurable(durableLine() + 2, "durable line moves on after recovery");
    c.awaitQuietAndWhole();
  }

  private volatile Throwable restartFailed;

  /** The durable line in the manager's state file, as a restarted manager reads it. */
  private int durableLineInStateFile() throws IOException {
    return ManagerStateFile.load(dir.resolve(ManagerStateFile.FILE_NAME),
        c.spec.topology().vms()).state().durableLine();
  }

  /** The file of the newest checkpoint of {@code vm} whose interval is at most {@code line}. */
  static Path newestCheckpointAtOrBelow(Path storage, int vm, int line) throws IOException {
    try (Stream<Path> files = Files.list(storage.resolve(ItemName.vmDirName(vm)))) {
      return files.filter(p -> {
        ItemName n = ItemName.parse(p.getFileName().toString());
        return n != null && n.checkpoint() && n.interval() <= line;
      }).max(Comparator.comparingInt(p -> ItemName.parse(p.getFileName().toString())
          .interval())).orElseThrow();
    }
  }

  static void flipOneByte(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x40);
    }
  }
}
