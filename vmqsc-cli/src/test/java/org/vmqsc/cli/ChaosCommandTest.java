package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vmqsc chaos} on real processes: a short campaign passes and prints its table; a stall
 * bound no recovery can meet fails the run with the seed, the schedule and the replay command;
 * bad input is one line and exit 2; and a Ctrl-C (SIGINT to the chaos JVM) leaves no process
 * of the cluster behind.
 */
class ChaosCommandTest {
  @TempDir Path tmp;

  @Test
  @Timeout(180)
  void aShortCampaignOfHostKillsAndVmFailuresPassesAndPrintsItsTable() throws IOException {
    Path dir = tmp.resolve("c");
    long start = System.currentTimeMillis();
    // Seed 10 draws vm-fail, host-kill, vm-fail: one host restart keeps it short.
    CliRun r = CliRun.of("chaos", "--cycles", "3", "--seed", "10", "--faults",
        "host-kill,vm-fail", "--hosts", "2", "--period", "500ms", "--dir", dir.toString());
    long took = System.currentTimeMillis() - start;

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("cycle 1/3 vm-fail vm ", "cycle 2/3 host-kill host ",
        "cycle 3/3 vm-fail vm ", "chaos: 3 of 3 cycles, seed 10, 2 hosts, T0 500ms")
        .containsPattern("host-kill +1 +\\d+ +\\d+ +\\d+ +0 +0")
        .containsPattern("vm-fail +2 +\\d+ +\\d+ +\\d+ +0 +0")
        .containsPattern("total +3 +0 +0")
        .doesNotContain("FAILED");
    assertThat(r.out().lines().filter(l -> l.matches("cycle \\d/3 .*check ok.*"))).hasSize(3);
    assertNoClusterProcess(dir);
    System.out.printf("chaos --cycles 3 (host-kill, 2 x vm-fail) took %d ms%n", took);
  }

  @Test
  @Timeout(180)
  void aRecoveryThatMissesTheStallBoundFailsTheRunWithTheSeedAndTheSchedule()
      throws IOException {
    Path dir = tmp.resolve("c");
    // No restarted JVM joins and recovers within 1 s: the first cycle is a stall.
    CliRun r = CliRun.of("chaos", "--cycles", "2", "--seed", "1", "--faults", "host-kill",
        "--hosts", "2", "--period", "500ms", "--stall-after", "1s", "--dir", dir.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("cycle 1/2 host-kill host ", "STALL: not recovered within 1 s",
        "FAILED: 1 stall(s), 0 violation(s); seed 1; replay: vmqsc chaos --seed 1 --cycles 2 "
            + "--faults host-kill --hosts 2 --period 500ms", "schedule:", "  1: host-kill host ",
        "  2: host-kill host ", "cluster directory kept: ")
        .doesNotContain("cycle 2/2"); // it stops at the first failed cycle
    assertThat(r.out()).containsPattern("host-kill +1 +- +- +- +1 +0");
    assertNoClusterProcess(dir);
  }

  @Test
  void badInputIsOneLineAndExitTwoAndWritesNothing() throws IOException {
    Path fresh = tmp.resolve("never");
    String d = fresh.toString();
    expectBad("--faults: unknown fault 'disk-melt'", "--faults", "vm-fail,disk-melt", "--dir", d);
    expectBad("--faults: fault 'partition' needs each process in its own network namespace",
        "--faults", "host-kill,partition", "--dir", d);
    expectBad("--cycles: 0 is not in 1..100000", "--cycles", "0", "--dir", d);
    expectBad("--hosts: 1 is not in 2..8", "--hosts", "1", "--dir", d);
    expectBad("--period: '5' is not a duration", "--period", "5", "--dir", d);
    expectBad("--stall-after: '10ms' is not a duration in 1000ms..3600s", "--stall-after",
        "10ms", "--dir", d);
    assertThat(fresh).doesNotExist();
    Path taken = Files.createDirectories(tmp.resolve("taken"));
    Files.writeString(taken.resolve("cluster.yaml"), "scenario: paper-fig2\n");
    expectBad("already holds a cluster", "--cycles", "1", "--dir", taken.toString());
    try (Stream<Path> files = Files.list(taken)) {
      assertThat(files).containsExactly(taken.resolve("cluster.yaml"));
    }
  }

  @Test
  @Timeout(180)
  void ctrlCLeavesNoProcessOfTheClusterBehind() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this "
        + "process (a non-interactive shell started the build in the background, and children "
        + "inherit it): a Ctrl-C cannot reach chaos here");
    Path dir = tmp.resolve("c");
    Path out = tmp.resolve("chaos.out");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process chaos = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "chaos", "--cycles", "50", "--faults", "vm-fail", "--hosts", "2",
        "--period", "500ms", "--dir", dir.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    List<ProcessHandle> children = new ArrayList<>();
    try {
      long deadline = System.currentTimeMillis() + 120_000;
      while (!(Files.exists(out) && Files.readString(out).contains("cycle 1/50"))) {
        assertThat(chaos.isAlive()).as(Files.readString(out)).isTrue();
        assertThat(System.currentTimeMillis()).as("first cycle").isLessThan(deadline);
        Thread.sleep(200);
      }
      children.addAll(chaos.toHandle().descendants().toList());
      assertThat(children).as("manager and two hypervisors").hasSizeGreaterThanOrEqualTo(3);

      new ProcessBuilder("kill", "-INT", Long.toString(chaos.pid())).start().waitFor();
      assertThat(chaos.waitFor(60, TimeUnit.SECONDS)).as("chaos exits on SIGINT").isTrue();
      for (ProcessHandle p : children) {
        p.onExit().get(10, TimeUnit.SECONDS);
        assertThat(p.isAlive()).as("child %d", p.pid()).isFalse();
      }
      assertNoClusterProcess(dir);
    } finally {
      chaos.destroyForcibly();
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  private static void expectBad(String message, String... args) {
    List<String> all = new ArrayList<>(List.of("chaos"));
    all.addAll(List.of(args));
    CliRun r = CliRun.of(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(message);
  }

  /** No process a pid file of the cluster names still runs this cluster's config. */
  private static void assertNoClusterProcess(Path dir) throws IOException {
    String config = dir.resolve("cluster.yaml").toAbsolutePath().toString();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path pid : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
            .filter(p -> p.info().commandLine().orElse("").contains(config))
            .ifPresent(p -> {
              p.destroyForcibly();
              throw new AssertionError(pid.getFileName() + ": process " + p.pid()
                  + " still runs");
            });
      }
    }
  }

  /** Whether this JVM inherited SIGINT as ignored (/proc/self/status SigIgn, bit 2). */
  private static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & (1L << 1)) != 0;
      }
    }
    return false;
  }
}
