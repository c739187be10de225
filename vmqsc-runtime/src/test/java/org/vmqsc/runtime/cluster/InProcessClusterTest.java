package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.protocol.Topology;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.hypervisor.HypervisorNode;
import org.vmqsc.runtime.manager.ManagerNode;
import org.vmqsc.runtime.proto.ClusterStatusResponse;

/**
 * The paper's Figure 2 cluster (VM1 MI2 and VM2 SI on host 0, VM3 SI and VM4 MI3 on host 1) with
 * bank guests, one manager and two hypervisors in this JVM on real gRPC: a VM failure, a crash
 * and restart of host 1, then quiet; the bank total and every channel's counts must hold.
 */
class InProcessClusterTest {
  static final long T0 = 300;
  @TempDir Path dir;
  ManagerNode manager;
  HypervisorNode[] hvs = new HypervisorNode[2];
  ClusterClient client;

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    for (HypervisorNode h : hvs) {
      if (h != null) {
        h.close();
      }
    }
    if (manager != null) {
      manager.close();
    }
  }

  /** Five distinct free ports: the sockets stay open until all are chosen. */
  static int[] freePorts() throws IOException {
    ServerSocket[] held = new ServerSocket[5];
    int[] ports = new int[held.length];
    try {
      for (int i = 0; i < held.length; i++) {
        held[i] = new ServerSocket(0);
        ports[i] = held[i].getLocalPort();
      }
    } finally {
      for (ServerSocket s : held) {
        if (s != null) {
          s.close();
        }
      }
    }
    return ports;
  }

  static ClusterSpec fig2(Path dir) throws IOException {
    return fig2(dir, ClusterSpec.DEFAULT_RELOCATE_AFTER_MILLIS);
  }

  static ClusterSpec fig2(Path dir, long relocateAfterMillis) throws IOException {
    Topology topo = new Topology(new int[] {2, 1, 1, 3}, new int[] {0, 0, 1, 1},
        new long[] {4096, 4096, 4096, 4096}, 2, 64);
    double[][] rates = new double[4][4];
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        rates[a][b] = a == b ? 0 : 8; // a busy cluster for a short test
      }
    }
    Path secret = dir.resolve("secret");
    ClusterSecret.generate(new SecureRandom()).store(secret);
    int[] p = freePorts();
    return new ClusterSpec(topo, T0, rates, true, 1_000_000, 7, "127.0.0.1", p[0],
        new int[] {p[1], p[2]}, new int[] {p[3], p[4]}, dir, secret,
        2 * T0, T0, 1500, relocateAfterMillis);
  }

  @Test
  void survivesVmFailureAndHostCrash() throws Exception {
    ClusterSpec spec = fig2(dir);
    ClusterSecret secret = ClusterSecret.load(spec.secretFile());
    manager = new ManagerNode(spec, secret).start();
    for (int h = 0; h < 2; h++) {
      hvs[h] = new HypervisorNode(spec, h, secret).start();
    }
    client = new ClusterClient(spec, secret);
    await(() -> client.clusterStatus().getDurableLine() >= 3, 15_000, "durable line >= 3");

    assertThat(client.failVm(0)).isTrue();
    await(() -> client.status(0).getVms(0).getUp(), 5_000, "vm 0 restored");

    int before = client.clusterStatus().getDurableLine();
    hvs[1].close(); // a crash: staged writes lost, sessions and links broken
    hvs[1] = null;
    await(() -> !client.clusterStatus().getHosts(1).getAlive(), 5_000, "host 1 seen failed");
    hvs[1] = new HypervisorNode(spec, 1, secret).start();
    await(() -> client.clusterStatus().getRecoveries() == 1
        && client.clusterStatus().getHosts(1).getAlive(), 15_000, "host 1 recovered");
    ClusterStatusResponse cs = client.clusterStatus();
    assertThat(cs.getIncarnation(2)).isEqualTo(1);
    assertThat(cs.getIncarnation(3)).isEqualTo(1);
    await(() -> client.clusterStatus().getDurableLine() > before + 2, 15_000,
        "durable line moves on after recovery");

    client.setTraffic(false);
    await(() -> ClusterClient.checkQuiet(client.allLedgers(), spec).isEmpty(), 15_000,
        "quiet cluster conserves money and delivers every message once");
  }

  /**
   * D14: host 1 crashes and stays away longer than the policy allows; its VMs restart from
   * stable storage on host 0, the cluster carries on, and when host 1 comes back it rejoins
   * empty.
   */
  @Test
  void aHostThatStaysAwayHasItsVmsRestartedOnTheOtherHost() throws Exception {
    ClusterSpec spec = fig2(dir, 500);
    ClusterSecret secret = ClusterSecret.load(spec.secretFile());
    manager = new ManagerNode(spec, secret).start();
    for (int h = 0; h < 2; h++) {
      hvs[h] = new HypervisorNode(spec, h, secret).start();
    }
    client = new ClusterClient(spec, secret);
    await(() -> client.clusterStatus().getDurableLine() >= 3, 15_000, "durable line >= 3");

    hvs[1].close(); // a crash; it does not come back within 500 ms
    hvs[1] = null;
    await(() -> client.clusterStatus().getRecoveries() == 1, 15_000, "VMs of host 1 relocated");
    ClusterStatusResponse cs = client.clusterStatus();
    assertThat(cs.getVmHostList()).containsExactly(0, 0, 0, 0);
    assertThat(cs.getHosts(1).getAlive()).isFalse();
    assertThat(client.status(0).getVmsList()).hasSize(4);
    int after = cs.getDurableLine();
    await(() -> client.clusterStatus().getDurableLine() > after + 2, 15_000,
        "durable line moves on with every VM on host 0");

    hvs[1] = new HypervisorNode(spec, 1, secret).start();
    await(() -> client.clusterStatus().getHosts(1).getAlive(), 15_000, "host 1 rejoined");
    assertThat(client.clusterStatus().getRecoveries()).isEqualTo(1);
    assertThat(client.status(1).getVmsList()).isEmpty();

    client.setTraffic(false);
    await(() -> ClusterClient.checkQuiet(client.allLedgers(), spec).isEmpty(), 15_000,
        "quiet cluster conserves money and delivers every message once");
  }

  /**
   * The manager loses host 1's session while the host lives on. Host 1 is declared failed; when
   * its session comes back it is told to stop (fenced) rather than carry on unheard, and a
   * restart brings it back through the usual recovery (R9).
   */
  @Test
  void aHostDeclaredFailedWhileRunningIsFencedAndRecoveredByARestart() throws Exception {
    ClusterSpec spec = fig2(dir);
    ClusterSecret secret = ClusterSecret.load(spec.secretFile());
    manager = new ManagerNode(spec, secret).start();
    for (int h = 0; h < 2; h++) {
      hvs[h] = new HypervisorNode(spec, h, secret).start();
    }
    client = new ClusterClient(spec, secret);
    await(() -> client.clusterStatus().getDurableLine() >= 3, 15_000, "durable line >= 3");

    org.vmqsc.runtime.manager.ManagerProbe.breakSession(manager, 1);
    HypervisorNode zombie = hvs[1];
    await(zombie::wasFenced, 10_000, "host 1 told to stop when its session came back");
    assertThat(client.clusterStatus().getHosts(1).getAlive()).isFalse();
    zombie.close();

    hvs[1] = new HypervisorNode(spec, 1, secret).start();
    await(() -> client.clusterStatus().getRecoveries() == 1
        && client.clusterStatus().getHosts(1).getAlive(), 15_000, "host 1 recovered");
    int line = client.clusterStatus().getDurableLine();
    await(() -> client.clusterStatus().getDurableLine() > line + 2, 15_000,
        "durable line moves on after recovery");
    client.setTraffic(false);
    await(() -> ClusterClient.checkQuiet(client.allLedgers(), spec).isEmpty(), 15_000,
        "quiet cluster conserves money and delivers every message once");
  }

  /**
   * D15 on real files: host 1 crashes, and the checkpoint its SI VM (vm 2) stands on in the
   * durable line is then found bit-flipped. The restarted host's recovery detects it by its
   * checksum, says so, and returns every VM to the previous durable line, which the storage kept;
   * nothing is lost or delivered twice.
   */
  @Test
  void aDamagedCheckpointMakesTheRecoveryFallBackToThePreviousLine() throws Exception {
    ClusterSpec spec = fig2(dir);
    ClusterSecret secret = ClusterSecret.load(spec.secretFile());
    manager = new ManagerNode(spec, secret).start();
    for (int h = 0; h < 2; h++) {
      hvs[h] = new HypervisorNode(spec, h, secret).start();
    }
    client = new ClusterClient(spec, secret);
    await(() -> client.clusterStatus().getDurableLine() >= 4, 15_000, "durable line >= 4");

    hvs[1].close();
    hvs[1] = null;
    await(() -> !client.clusterStatus().getHosts(1).getAlive(), 5_000, "host 1 seen failed");
    int line = client.clusterStatus().getDurableLine();
    Path base = newestCheckpointAtOrBelow(spec.storageDir(), 2, line);
    flipOneByte(base);

    hvs[1] = new HypervisorNode(spec, 1, secret).start();
    await(() -> client.clusterStatus().getRecoveries() == 1
        && client.clusterStatus().getHosts(1).getAlive(), 15_000, "host 1 recovered");
    ClusterStatusResponse cs = client.clusterStatus();
    assertThat(cs.getLastDamagedLine()).isEqualTo(line);
    assertThat(cs.getLastRecoveryLine()).isLessThan(line);
    assertThat(cs.getIncarnationList()).as("every VM rolled back").containsOnly(1);
    int after = cs.getDurableLine();
    await(() -> client.clusterStatus().getDurableLine() > after + 2, 15_000,
        "durable line moves on after the fall-back");
    client.setTraffic(false);
    await(() -> ClusterClient.checkQuiet(client.allLedgers(), spec).isEmpty(), 15_000,
        "quiet cluster conserves money and delivers every message once");
  }

  /** The file of the newest checkpoint of {@code vm} whose interval is at most {@code line}. */
  static Path newestCheckpointAtOrBelow(Path storage, int vm, int line) throws IOException {
    Path vmDir = storage.resolve(org.vmqsc.runtime.storage.ItemName.vmDirName(vm));
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(vmDir)) {
      return files.filter(p -> {
        var n = org.vmqsc.runtime.storage.ItemName.parse(p.getFileName().toString());
        return n != null && n.checkpoint() && n.interval() <= line;
      }).max(java.util.Comparator.comparingInt(p -> org.vmqsc.runtime.storage.ItemName.parse(
          p.getFileName().toString()).interval())).orElseThrow();
    }
  }

  static void flipOneByte(Path file) throws IOException {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      long at = f.length() / 2;
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x40);
    }
  }

  /** The manager's state is durable: a restarted manager process carries on from it. */
  @Test
  void managerRestartKeepsLinesAndCarriesOn() throws Exception {
    ClusterSpec spec = fig2(dir);
    ClusterSecret secret = ClusterSecret.load(spec.secretFile());
    manager = new ManagerNode(spec, secret).start();
    for (int h = 0; h < 2; h++) {
      hvs[h] = new HypervisorNode(spec, h, secret).start();
    }
    client = new ClusterClient(spec, secret);
    await(() -> client.clusterStatus().getDurableLine() >= 3, 15_000, "durable line >= 3");
    manager.close();
    int before = ManagerStateFileProbe.durableLine(dir, spec);
    manager = new ManagerNode(spec, secret).start();
    assertThat(client.clusterStatus().getDurableLine()).isGreaterThanOrEqualTo(before);
    await(() -> client.clusterStatus().getDurableLine() >= before + 3, 15_000,
        "durable line moves on under the restarted manager");
    client.setTraffic(false);
    await(() -> ClusterClient.checkQuiet(client.allLedgers(), spec).isEmpty(), 15_000,
        "quiet cluster conserves money and delivers every message once");
  }

  /** Reads the durable line from the manager's state file, as a restarted manager would. */
  static final class ManagerStateFileProbe {
    static int durableLine(Path dir, ClusterSpec spec) throws IOException {
      for (String line : java.nio.file.Files.readAllLines(dir.resolve("manager.state"))) {
        if (line.startsWith("durable ")) {
          return Integer.parseInt(line.substring(8));
        }
      }
      throw new AssertionError("no durable line in manager.state");
    }
  }

  static void await(BooleanSupplier cond, long millis, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (cond.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException e) {
        // a node is starting or stopping; ask again
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting for: " + what);
  }
}
