package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pid file outlives its process: the pid may since run something else, or be a zombie its
 * parent has not reaped. The cluster commands signal only a pid that still runs our command line,
 * and treat anything else as not running. No cluster runs here: stand-in processes (sleep, and a
 * shell whose command line reads like ours) are enough to tell.
 */
@Timeout(60)
class PidTrustTest {
  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    for (Process p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  void aReusedPidIsNeverSignalled() throws Exception {
    ClusterDirOptionTest.writeConfig(dir);
    Process stranger = start("sleep", "60"); // the kernel gave host 0's old pid to this
    pidFile("host-0", stranger.pid());
    pidFile("manager", stranger.pid());

    CliRun host = CliRun.of("fail", "host", "0", "--dir", dir.toString());
    CliRun manager = CliRun.of("fail", "manager", "--dir", dir.toString());
    CliRun down = CliRun.of("cluster", "down", "--dir", dir.toString());

    assertThat(host.out()).contains("host 0 is not running");
    assertThat(manager.out()).contains("the manager is not running");
    assertThat(down.out()).contains("stopped 0 processes");
    assertThat(stranger.isAlive()).as("the stranger was signalled").isTrue();
  }

  /** What `fail host` does when its SIGKILL lands but the parent does not reap at once. */
  @Test
  void aKilledHostNotYetReapedIsNotRunning() throws Exception {
    ClusterDirOptionTest.writeConfig(dir);
    long zombie = zombie();
    pidFile("host-1", zombie);

    long t0 = System.nanoTime();
    CliRun r = CliRun.of("fail", "host", "1", "--dir", dir.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("host 1 is not running");
    assertThat((System.nanoTime() - t0) / 1_000_000).as("no wait for the reaper").isLessThan(3000);
  }

  @Test
  void ourOwnProcessIsRecognisedAndStopped() throws Exception {
    ClusterDirOptionTest.writeConfig(dir);
    Process ours = lookalike("manager", "--config", dir.resolve("cluster.yaml").toString());
    Process otherCluster = lookalike("hypervisor", "--id", "0", "--config",
        dir.resolve("elsewhere.yaml").toString());
    pidFile("manager", ours.pid());
    pidFile("host-0", otherCluster.pid());

    CliRun r = CliRun.of("fail", "manager", "--dir", dir.toString());
    CliRun h = CliRun.of("fail", "host", "0", "--dir", dir.toString());

    assertThat(r.out()).contains("manager killed (pid " + ours.pid() + ")");
    assertThat(ours.isAlive()).isFalse();
    assertThat(h.out()).contains("host 0 is not running");
    assertThat(otherCluster.isAlive()).isTrue();
  }

  @Test
  void commandLinesAreMatchedWordByWord() {
    Path config = dir.resolve("cluster.yaml");
    String main = Main.class.getName();
    List<String> host2 = List.of("java", "-cp", "x", main, "hypervisor", "--id", "2",
        "--config", config.toString());
    assertThat(PidFile.isOurs(List.of(), config, "host-2")).isFalse(); // a zombie's
    assertThat(PidFile.isOurs(List.of("sleep", "60"), config, "host-2")).isFalse();
    assertThat(PidFile.isOurs(host2, config, "host-1")).isFalse();
    assertThat(PidFile.isOurs(host2, config, "manager")).isFalse();
  }

  /** A shell that stays a shell (the ":" stops it exec-ing sleep) with our words as its $0.. */
  private Process lookalike(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "sleep 60; :", Main.class.getName()));
    cmd.addAll(List.of(args));
    return start(cmd.toArray(String[]::new));
  }

  /** A child that exits at once under a parent that never waits for it: a zombie for 60 s. */
  private long zombie() throws Exception {
    Process parent = start("sh", "-c", "sleep 0 & echo $!; exec sleep 60");
    BufferedReader r = new BufferedReader(new InputStreamReader(parent.getInputStream(),
        StandardCharsets.US_ASCII));
    long pid = Long.parseLong(r.readLine().trim());
    ClusterProcessesTest.await(() -> stat(pid).contains(") Z "), 10_000, "a zombie");
    return pid;
  }

  private static String stat(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (IOException e) {
      return "";
    }
  }

  private Process start(String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    started.add(p);
    return p;
  }

  private void pidFile(String name, long pid) throws IOException {
    Files.writeString(dir.resolve(name + ".pid"), pid + "\n");
  }
}
