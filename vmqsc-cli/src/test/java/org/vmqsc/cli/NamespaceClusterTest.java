package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.cli.chaos.ChaosScenario;
import org.vmqsc.cli.netns.NetnsLab;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.HostLiveness;

/**
 * A cluster across real addresses on one machine ({@link NetnsLab}): the manager and three
 * hosts, each in its own network namespace with its own address, started by {@code cluster up}
 * and {@code restart host} (managerNetns, hostNetns), the admin client in the root namespace
 * dialling the manager at its address. Each process listens on its own address and nowhere
 * else. The cluster survives a host SIGKILL, a host cut off the network past the heartbeat
 * timeout (declared failed; when the link heals it must not carry on as the old execution: the
 * manager fences it, and with {@code whenFenced: rejoin} the same process discards what it held
 * and joins again as restarted, to be recovered from stable storage), and the manager cut off
 * past the timeout (every host declared failed, each fenced when the link heals, each rejoins,
 * one recovery of all three). Judged
 * at the end by {@code traffic off --check}: the guests' ledgers (bank total, every channel's
 * hash chain) and the hypervisors' journals, never the manager's account.
 *
 * <p>Skipped, with the reason, where namespaces cannot be made (not root, no {@code ip}).
 */
class NamespaceClusterTest {
  static final int HOSTS = 3;
  @TempDir Path tmp;

  @Test
  @Timeout(300)
  void threeHostsOnTheirOwnAddressesSurviveAKillAHostPartitionAndAManagerPartition()
      throws Exception {
    String why = NetnsLab.unavailable();
    assumeTrue(why == null, "skipped: " + why);
    Path dir = tmp.resolve("c");
    try (NetnsLab lab = NetnsLab.create(1, HOSTS)) {
      try {
        run(lab, dir);
      } finally {
        down(dir);
      }
    }
  }

  private void run(NetnsLab lab, Path dir) throws Exception {
    long t0 = System.currentTimeMillis();
    List<String> hostAddrs = new ArrayList<>();
    List<String> hostNs = new ArrayList<>();
    for (int h = 0; h < HOSTS; h++) {
      hostAddrs.add(lab.hostAddress(h));
      hostNs.add(lab.hostNs(h));
    }
    Path scenario = ChaosScenario.write(tmp, HOSTS, "1s");
    ok(dir, CliRun.of("cluster", "up", "--scenario", scenario.toString(), "--dir",
        dir.toString(), "--memory-image", "64KiB", "--manager-address", lab.managerAddress(0),
        "--host-addresses", String.join(",", hostAddrs), "--manager-netns", lab.managerNs(0),
        "--host-netns", String.join(",", hostNs), "--when-fenced", "rejoin",
        // Four JVMs starting at once on two loaded cores: the C1 compiler and one GC thread
        // start them in about half the time (the joins have 30 s).
        "--jvm-opts", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
    System.out.printf("netns: cluster up after %d ms%n", since(t0));
    ClusterDir cd = new ClusterDir(dir);
    ClusterSpec spec = cd.spec();
    assertThat(spec.managerAddress()).startsWith(lab.managerAddress(0) + ":");
    listensOnItsOwnAddressOnly(cd, ClusterDir.MANAGER, lab.managerAddress(0));
    for (int h = 0; h < HOSTS; h++) {
      listensOnItsOwnAddressOnly(cd, ClusterDir.hostName(h), lab.hostAddress(h));
    }
    try (ClusterClient client = new ClusterClient(spec, ClusterSecret.load(spec.secretFile()))) {
      await(() -> client.clusterStatus().getDurableLine() >= 3, 60_000, "durable line 3");
      System.out.printf("netns: cluster up, line 3 after %d ms%n", since(t0));

      // A host SIGKILLed and restarted (in its namespace, by restart host).
      ok(dir, CliRun.of("fail", "host", "0", "--dir", dir.toString()));
      ok(dir, CliRun.of("restart", "host", "0", "--dir", dir.toString()));
      recovered(client, "after host 0's kill");
      System.out.printf("netns: host kill recovered after %d ms%n", since(t0));

      // Host 1 cut off past the heartbeat timeout, then healed: fenced, it rejoins by itself.
      long[] pids = pids(cd);
      int[] joins = joins(client);
      lab.partition(lab.hostNs(1));
      await(() -> !client.clusterStatus().getHosts(1).getAlive(), 30_000,
          "host 1 declared failed while cut off");
      lab.heal(lab.hostNs(1));
      rejoined(client, cd, 1, pids, joins);
      recovered(client, "after host 1's partition");
      System.out.printf("netns: host partition recovered after %d ms%n", since(t0));

      // The manager cut off past the heartbeat timeout: every host is declared failed, and
      // each is fenced when the link heals and rejoins by itself.
      pids = pids(cd);
      joins = joins(client);
      lab.partition(lab.managerNs(0));
      Thread.sleep(spec.heartbeatTimeoutMillis() + 2_000);
      lab.heal(lab.managerNs(0));
      for (int h = 0; h < HOSTS; h++) {
        rejoined(client, cd, h, pids, joins);
      }
      recovered(client, "after the manager's partition");
      System.out.printf("netns: manager partition recovered after %d ms%n", since(t0));

      CliRun check = CliRun.of("traffic", "off", "--check", "--dir", dir.toString());
      assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
      assertThat(check.out()).contains("by hash chain").containsPattern("[1-9][0-9]* restore");
      System.out.printf("netns: %s (%d ms in all)%n", check.out().strip(), since(t0));
    }
  }

  /**
   * Every TCP socket process NAME listens on, read from its own namespace's table
   * ({@code /proc/PID/net/tcp}), is on {@code address}: not 127.0.0.1, not a wildcard.
   */
  static void listensOnItsOwnAddressOnly(ClusterDir cd, String name, String address)
      throws IOException {
    long pid = cd.process(name).orElseThrow(() -> new AssertionError(name + " is not running"))
        .pid();
    List<String> listening = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table))) {
        String[] f = line.strip().split("\\s+");
        if (f.length > 3 && f[3].equals("0A")) { // LISTEN
          listening.add(address(f[1].split(":")[0]));
        }
      }
    }
    assertThat(listening).as(name + "'s listening sockets").isNotEmpty()
        .allMatch(address::equals);
  }

  /**
   * An address of /proc/net/tcp (8 hex digits) or tcp6 (32; an IPv4-mapped one is shown as the
   * IPv4 address it maps), each 32-bit word in the machine's (little-endian) order.
   */
  private static String address(String hex) {
    if (hex.length() == 8) {
      return ipv4(hex);
    }
    return hex.startsWith("0000000000000000FFFF0000") ? ipv4(hex.substring(24)) : hex;
  }

  private static String ipv4(String hex) {
    long v = Long.parseLong(hex, 16);
    return (v & 0xff) + "." + (v >> 8 & 0xff) + "." + (v >> 16 & 0xff) + "." + (v >> 24 & 0xff);
  }

  /**
   * Host H, cut off and declared failed, did not carry on with its old execution once it was
   * heard again: the manager fenced it, and the same process (whenFenced: rejoin) joined again
   * as restarted, its VMs to be rebuilt from stable storage.
   */
  static void rejoined(ClusterClient client, ClusterDir cd, int h, long[] pids,
      int[] joins) throws Exception {
    await(() -> client.clusterStatus().getHosts(h).getJoins() > joins[h], 60_000,
        "host " + h + " joined again after the link healed");
    assertThat(cd.process(ClusterDir.hostName(h)).orElseThrow().pid())
        .as("host " + h + " rejoined in the same process").isEqualTo(pids[h]);
    assertThat(Files.readString(cd.log(ClusterDir.hostName(h)))).as("host " + h + "'s console")
        .contains("host " + h + ": fenced; joining again as restarted");
  }

  static long[] pids(ClusterDir cd) throws IOException {
    long[] pids = new long[HOSTS];
    for (int h = 0; h < HOSTS; h++) {
      pids[h] = cd.process(ClusterDir.hostName(h)).orElseThrow().pid();
    }
    return pids;
  }

  static int[] joins(ClusterClient client) {
    return client.clusterStatus().getHostsList().stream().mapToInt(HostLiveness::getJoins)
        .toArray();
  }

  /** Every host alive, recovered and in session, and the durable line two past where it was. */
  static void recovered(ClusterClient client, String what) throws Exception {
    await(() -> {
      try {
        ClusterStatusResponse s = client.clusterStatus();
        return s.getHostsList().stream().allMatch(h -> h.getAlive() && !h.getAwaitingRecovery()
            && h.getSessionUp());
      } catch (RuntimeException notYet) {
        return false;
      }
    }, 60_000, "every host recovered " + what);
    int line = client.clusterStatus().getDurableLine();
    await(() -> client.clusterStatus().getDurableLine() >= line + 3, 60_000,
        "durable line moves on " + what);
  }

  static long since(long t0) {
    return System.currentTimeMillis() - t0;
  }

  static void ok(Path dir, CliRun r) throws IOException {
    if (r.exitCode() != 0) {
      StringBuilder logs = new StringBuilder(r.out() + r.err());
      try (Stream<Path> files = Stream.concat(Files.list(dir), Files.isDirectory(
          dir.resolve("logs")) ? Files.list(dir.resolve("logs")) : Stream.empty())) {
        // the processes' own words, their consoles and their logs, for the report
        for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
          String text = Files.readString(f);
          logs.append("\n--- ").append(dir.relativize(f)).append(" (tail)\n")
              .append(text.substring(Math.max(0, text.length() - 3000)));
        }
      }
      throw new AssertionError(logs.toString());
    }
  }

  /** Stops whatever the cluster still runs, whatever happened: nothing outlives the test. */
  static void down(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    CliRun.of("cluster", "down", "--dir", dir.toString());
    try (Stream<Path> pids = Files.list(dir)) {
      for (Path p : pids.filter(f -> f.toString().endsWith(".pid")).toList()) {
        ProcessHandle.of(Long.parseLong(Files.readString(p).trim()))
            .ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  static void await(BooleanSupplier cond, long millis, String what) throws InterruptedException {
    if (!ClusterDir.await(cond, millis)) {
      throw new AssertionError("timed out waiting for: " + what);
    }
  }
}
