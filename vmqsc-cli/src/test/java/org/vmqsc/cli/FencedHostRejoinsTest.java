package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;

/**
 * {@code whenFenced: rejoin} on real processes, on 127.0.0.1 (the namespace test does the same
 * for a real partition, where it can run): host 1's hypervisor is frozen (SIGSTOP) past the
 * heartbeat timeout, so the manager declares it failed while it still runs, then thawed. When
 * it is heard again the manager fences it; instead of exiting, the same process discards what
 * it held and joins again as restarted, and the manager recovers it from stable storage, with
 * no operator. Judged by {@code traffic off --check}: the guests' ledgers and the journals.
 */
class FencedHostRejoinsTest {
  @TempDir Path tmp;
  Path dir;

  @AfterEach
  void down() throws Exception {
    if (dir != null && Files.isDirectory(dir)) {
      CliRun.of("cluster", "down", "--dir", dir.toString());
      try (Stream<Path> pids = Files.list(dir)) {
        for (Path p : pids.filter(f -> f.toString().endsWith(".pid")).toList()) {
          ProcessHandle.of(Long.parseLong(Files.readString(p).trim()))
              .ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  @Test
  @Timeout(180)
  void aHostDeclaredFailedWhileItRanRejoinsByItselfAndIsRecovered() throws Exception {
    dir = tmp.resolve("c");
    CliRun up = CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir", dir.toString(),
        "--period", "1s", "--memory-image", "64KiB", "--when-fenced", "rejoin",
        "--jvm-opts", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
    assertThat(up.exitCode()).as(up.out() + up.err()).isZero();
    ClusterDir cd = new ClusterDir(dir);
    ClusterSpec spec = cd.spec();
    try (ClusterClient client = new ClusterClient(spec, ClusterSecret.load(spec.secretFile()))) {
      NamespaceClusterTest.await(() -> client.clusterStatus().getDurableLine() >= 3, 60_000,
          "durable line 3");
      long pid = cd.process("host-1").orElseThrow().pid();
      int joins = client.clusterStatus().getHosts(1).getJoins();

      signal(pid, "STOP");
      try {
        NamespaceClusterTest.await(() -> !client.clusterStatus().getHosts(1).getAlive(), 30_000,
            "host 1 declared failed while frozen");
      } finally {
        signal(pid, "CONT");
      }

      NamespaceClusterTest.await(() -> client.clusterStatus().getHosts(1).getJoins() > joins,
          60_000, "host 1 joined again by itself");
      assertThat(cd.process("host-1").map(ProcessHandle::pid)).as("the same process")
          .contains(pid);
      assertThat(Files.readString(cd.log("host-1")))
          .contains("host 1: fenced; joining again as restarted")
          .doesNotContain("was declared failed by the manager and stopped");
      NamespaceClusterTest.await(() -> client.clusterStatus().getHostsList().stream()
          .allMatch(h -> h.getAlive() && !h.getAwaitingRecovery() && h.getSessionUp()),
          60_000, "host 1 recovered");
      int line = client.clusterStatus().getDurableLine();
      NamespaceClusterTest.await(() -> client.clusterStatus().getDurableLine() >= line + 3,
          60_000, "durable line moves on");
    }
    CliRun check = CliRun.of("traffic", "off", "--check", "--dir", dir.toString());
    assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).contains("by hash chain").containsPattern("[1-9][0-9]* restore");
  }

  private static void signal(long pid, String sig) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }
}
