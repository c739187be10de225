package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;

/**
 * End to end on real processes: the paper's Figure 2 cluster (bank guests, T0 = 1 s) as a manager
 * and two hypervisor processes on 127.0.0.1, driven only through the CLI. A VM fails and is
 * restored locally; host 1 is SIGKILLed and restarted and the manager recovers it; the manager
 * is SIGKILLed mid-run and restarted, and carries on from its durable state; then traffic stops
 * and {@code traffic off --check} judges it by the shared oracle: P6 (bank total unchanged), P1
 * and P2 (on every channel the receiver got exactly what the sender sent, by hash chain), P3 and
 * P5 (the replay and the restores hold the digests the hypervisors' journals recorded).
 */
class ClusterProcessesTest {
  @TempDir Path tmp;
  Path dir;
  ClusterClient client;

  @AfterEach
  void down() throws Exception {
    if (client != null) {
      client.close();
    }
    if (dir != null && Files.isDirectory(dir)) {
      CliRun.of("cluster", "down", "--dir", dir.toString());
      try (Stream<Path> pids = Files.list(dir)) { // whatever is left, even after a failure
        for (Path p : pids.filter(f -> f.toString().endsWith(".pid")).toList()) {
          ProcessHandle.of(Long.parseLong(Files.readString(p).trim()))
              .ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  @Test
  @Timeout(120)
  void bankSurvivesVmFailureHostCrashAndManagerCrash() throws Exception {
    dir = tmp.resolve("c");
    ok(CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir", dir.toString(),
        "--period", "1s", "--memory-image", "64KiB"));
    ClusterSpec spec = RuntimeConfig.load(dir.resolve("cluster.yaml"));
    client = new ClusterClient(spec, ClusterSecret.load(spec.secretFile()));
    await(() -> client.clusterStatus().getDurableLine() >= 4, 60_000, "durable line 4");

    ok(CliRun.of("fail", "vm", "0", "--dir", dir.toString()));
    await(() -> client.status(0).getVms(0).getUp(), 10_000, "vm 0 restored");
    Thread.sleep(2 * spec.basePeriodMillis()); // let vm 0's replayed execution go on a while

    ok(CliRun.of("fail", "host", "1", "--dir", dir.toString()));
    await(() -> !client.clusterStatus().getHosts(1).getAlive(), 10_000, "host 1 seen failed");
    ok(CliRun.of("restart", "host", "1", "--dir", dir.toString()));
    var cs = client.clusterStatus();
    assertThat(cs.getRecoveries()).isEqualTo(1);
    assertThat(cs.getIncarnation(2)).isEqualTo(1); // host 1's VMs rolled back (R9)
    assertThat(cs.getIncarnation(3)).isEqualTo(1);
    int line = cs.getDurableLine();
    await(() -> client.clusterStatus().getDurableLine() >= line + 2, 60_000,
        "durable line moves on after recovery");

    ok(CliRun.of("fail", "manager", "--dir", dir.toString()));
    Thread.sleep(2 * spec.basePeriodMillis()); // the hosts run on without a manager
    ok(CliRun.of("restart", "manager", "--dir", dir.toString()));
    int reloaded = client.clusterStatus().getDurableLine();
    assertThat(reloaded).as("reloaded, never behind what it had").isGreaterThanOrEqualTo(line + 2);
    await(() -> client.clusterStatus().getDurableLine() >= reloaded + 2, 60_000,
        "durable line moves on under the restarted manager");
    assertThat(client.clusterStatus().getHosts(0).getAlive()).isTrue();
    assertThat(client.clusterStatus().getHosts(1).getAlive()).isTrue();

    CliRun quiet = CliRun.of("traffic", "off", "--check", "--dir", dir.toString());
    assertThat(quiet.exitCode()).as(quiet.out() + quiet.err()).isZero();
    // Judged by hash chains and by the hypervisors' journals, which saw vm 0's replay and the
    // SIGKILLed host's VMs restored (its crossings outlived the process).
    assertThat(quiet.out()).contains("by hash chain")
        .containsPattern("[1-9][0-9]* restore\\(s\\) and [1-9][0-9]* VM replay");
    List<String> problems = ClusterClient.checkQuiet(client.allLedgers(), spec);
    assertThat(problems).isEmpty();
    CliRun status = CliRun.of("status", "--dir", dir.toString());
    assertThat(status.out()).contains("host 1: alive", "MI3", " durable ", "log: volatile");
  }

  private void ok(CliRun r) throws IOException {
    if (r.exitCode() != 0) {
      StringBuilder logs = new StringBuilder(r.out() + r.err());
      try (Stream<Path> files = Files.list(dir)) { // the processes' own words, for the report
        for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
          String text = Files.readString(f);
          logs.append("\n--- ").append(f.getFileName()).append(" (tail)\n")
              .append(text.substring(Math.max(0, text.length() - 4000)));
        }
      }
      throw new AssertionError(logs.toString());
    }
  }

  static void await(BooleanSupplier cond, long millis, String what) throws InterruptedException {
    if (!ClusterDir.await(cond, millis)) {
      throw new AssertionError("timed out waiting for: " + what);
    }
  }
}
