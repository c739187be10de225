package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user met: a refused {@code cluster up} that left files behind, so the retry was
 * refused too and {@code cluster down} could not read them; a huge group that ran the CLI out of
 * memory; a world-readable secret reported as an internal error; and {@code restart manager}
 * waiting 30 s for a manager that had died at once because its port was taken.
 */
@Timeout(90)
class ClusterRefusalsTest {
  @TempDir Path tmp;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    });
  }

  @Test
  void aRefusedClusterUpLeavesNothingBehind() throws IOException {
    Path dir = tmp.resolve("c");
    CliRun r = CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir", dir.toString(),
        "--period", "1ms");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().contains("base period must be >= 10 ms");
    assertThat(dir).doesNotExist(); // it was made for this cluster, so it goes with it

    Files.createDirectories(dir);
    Files.writeString(dir.resolve("notes.txt"), "mine");
    CliRun again = CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir",
        dir.toString(), "--period", "2ms");
    assertThat(again.err()).as("not 'already holds a cluster'").contains("base period");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).containsExactly(dir.resolve("notes.txt")); // the user's file stays
    }
  }

  /**
   * Every process got a fixed 256 MiB heap; now the cluster asks (--heap, cluster.yaml's heap),
   * and heaps that together would not fit this machine are refused in one line, nothing started
   * or left behind, instead of swapping or dying of an OutOfMemoryError later.
   */
  @Test
  void heapsThatDoNotFitThisMachineAreRefusedInOneLine() throws IOException {
    Path dir = tmp.resolve("c");
    CliRun r = CliRun.of("cluster", "up", "--scenario", "runtime-1000", "--dir", dir.toString(),
        "--heap", "1024GiB");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().contains("heap",
        "9 processes (the manager and 8 hosts) of 1048576 MiB each need 9437184 MiB",
        "more than this machine's");
    assertThat(dir).doesNotExist();
    CliRun small = CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir",
        dir.toString(), "--heap", "1MiB");
    assertThat(small.exitCode()).isEqualTo(2);
    assertThat(small.errLines()).singleElement().asString().contains("heap",
        "must be at least 64MiB");
    assertThat(dir).doesNotExist();
  }

  /**
   * With the VM limit at 100,000, what caps a host is its heap: 20,000 VMs on two hosts (10,000
   * each, ~2 GB at the measured 0.2 MiB a VM) are refused in one line with the estimate, before
   * any process starts, instead of two hosts dying of an OutOfMemoryError.
   */
  @Test
  void aHostGivenMoreVmsThanItsHeapHoldsIsRefusedWithTheEstimate() throws IOException {
    Path scenario = tmp.resolve("crowded.yaml");
    Files.writeString(scenario, """
        name: crowded
        basePeriod: 10s
        duration: 60s
        hosts: 2
        groups:
          - {name: a, count: 10000, type: SI, host: 0}
          - {name: b, count: 10000, type: SI, host: 1}
        """);
    Path dir = tmp.resolve("c");
    CliRun r = CliRun.of("cluster", "up", "--scenario", scenario.toString(), "--dir",
        dir.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .contains("a host runs 10000 VMs", "~1953 MiB of heap", "more than its 256 MiB heap");
    assertThat(dir).doesNotExist();
  }

  /** A heartbeat timeout that is not a duration, or too short, is one line; nothing is left. */
  @Test
  void badHeartbeatTimeoutsAreRefusedInOneLine() throws IOException {
    Path dir = tmp.resolve("hb");
    for (String[] bad : new String[][] {{"banana", "malformed duration 'banana'"},
        {"0s", "heartbeat timeout must be >= 1000 ms"}}) {
      CliRun r = CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir", dir.toString(),
          "--heartbeat-timeout", bad[0]);
      assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
      assertThat(r.errLines()).singleElement().asString().contains(bad[1]);
      assertThat(dir).doesNotExist();
    }
  }

  /** The heap the config names is the one each process is started with. */
  @Test
  void theConfiguredHeapIsWhatTheLauncherUses() throws IOException {
    Path f = tmp.resolve("cluster.yaml");
    Files.writeString(f, "scenario: paper-fig2\nheap: 512MiB\n");
    assertThat(RuntimeConfig.heapBytes(f)).isEqualTo(512L << 20);
    Files.writeString(f, "scenario: paper-fig2\n");
    assertThat(RuntimeConfig.heapBytes(f)).isEqualTo(RuntimeConfig.DEFAULT_HEAP_BYTES);
    assertThat(RuntimeConfig.heapBytes(tmp.resolve("none.yaml")))
        .isEqualTo(RuntimeConfig.DEFAULT_HEAP_BYTES);
  }

  @Test
  void aHugeGroupIsRefusedUpFrontNamingTheLimit() throws IOException {
    Path scenario = tmp.resolve("big.yaml");
    Files.writeString(scenario, """
        name: big
        basePeriod: 10s
        duration: 60s
        hosts: 2
        groups:
          - {name: a, count: 2000000, type: SI, host: 0, checkpointSize: 1MiB}
          - {name: b, count: 1, type: SI, host: 1, checkpointSize: 1MiB}
        """);
    Path dir = tmp.resolve("c");
    long t0 = System.nanoTime();
    CliRun r = CliRun.of("cluster", "up", "--scenario", scenario.toString(), "--dir",
        dir.toString());
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .contains("2000001 VMs", "at most 100000 VMs", "measured");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(20_000);
    assertThat(dir).doesNotExist();
  }

  @Test
  void clusterDownStopsWhatItCanWhenTheConfigNoLongerParses() throws Exception {
    Path dir = tmp.resolve("c");
    Files.createDirectories(dir);
    ClusterDirOptionTest.writeConfig(dir);
    Files.writeString(dir.resolve("cluster.yaml"), "basePeriod: 1ms\n", 
        java.nio.file.StandardOpenOption.APPEND); // edited by hand: no longer a valid cluster
    Process manager = lookalike("manager", "--config", dir.resolve("cluster.yaml").toString());
    Files.writeString(dir.resolve("manager.pid"), manager.pid() + "\n");

    CliRun r = CliRun.of("cluster", "down", "--dir", dir.toString());

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("stopped 1 processes", "does not parse");
    assertThat(manager.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(dir.resolve("manager.pid")).doesNotExist();
  }

  @Test
  void aSecretOthersCanReadIsBadInputSayingChmod() throws IOException {
    ClusterDirOptionTest.writeConfig(tmp);
    Files.setPosixFilePermissions(tmp.resolve("secret"),
        PosixFilePermissions.fromString("rw-r--r--"));
    CliRun r = CliRun.of("status", "--dir", tmp.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .contains("chmod 600").doesNotContain("internal error");
  }

  @Test
  void aManagerThatCannotBindIsReportedAtOnce() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      ClusterDirOptionTest.writeConfig(tmp);
      Files.writeString(tmp.resolve("cluster.yaml"), Files.readString(tmp.resolve("cluster.yaml"))
          .replace("managerPort: 7000", "managerPort: " + taken.getLocalPort()));
      long t0 = System.nanoTime();
      CliRun r = CliRun.of("restart", "manager", "--dir", tmp.toString());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.exitCode()).isEqualTo(ErrorHandling.RUNTIME_FAILURE);
      assertThat(r.errLines()).singleElement().asString()
          .contains("the manager exited at start", "Failed to bind", "already in use");
      assertThat(ms).as("not the whole 30 s timeout").isLessThan(25_000);
    } finally {
      CliRun.of("fail", "manager", "--dir", tmp.toString()); // should it have started after all
    }
  }

  private Process lookalike(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "sleep 60; :", Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    started.add(p);
    return p;
  }
}
