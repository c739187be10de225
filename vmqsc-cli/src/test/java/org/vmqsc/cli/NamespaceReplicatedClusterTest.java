package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.vmqsc.cli.NamespaceClusterTest.HOSTS;
import static org.vmqsc.cli.NamespaceClusterTest.await;
import static org.vmqsc.cli.NamespaceClusterTest.down;
import static org.vmqsc.cli.NamespaceClusterTest.listensOnItsOwnAddressOnly;
import static org.vmqsc.cli.NamespaceClusterTest.ok;
import static org.vmqsc.cli.NamespaceClusterTest.recovered;
import static org.vmqsc.cli.NamespaceClusterTest.since;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.cli.chaos.ChaosScenario;
import org.vmqsc.cli.netns.NetnsLab;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.ManagerReplicaInfo;

/**
 * Issue 10's namespace must-show: three hosts and three manager replicas (Ratis), each process in
 * its own network namespace with its own address ({@link NetnsLab}: vq-m0..2, vq-h0..2), started
 * by {@code cluster up --managers 3 --manager-addresses --manager-netnses}. Every process listens
 * on its own address only (the replicas' manager and Ratis ports included: the Ratis peers reach
 * each other across the bridge). The cluster survives, in turn: a host SIGKILLed and restarted;
 * the Ratis leader SIGKILLed (a replica of a later term serves, the killed one is restarted in
 * its namespace by {@code restart manager N}); a host cut off past the heartbeat timeout
 * (declared failed, fenced when it heals, rejoins by itself); and the leader's namespace cut off the network
 * (the other two elect a leader of a later term; when the link heals the old leader's manager
 * has stopped: it may not act in a term it no longer leads). After each every host is alive,
 * recovered and in session and the durable line moves on. Judged at the end by {@code traffic
 * off --check}: the guests' ledgers and the hypervisors' journals, never the manager's account.
 *
 * <p>Skipped, with the reason, where namespaces cannot be made (not root, no {@code ip}).
 */
class NamespaceReplicatedClusterTest {
  static final int MANAGERS = 3;
  @TempDir Path tmp;
  private NetnsLab lab;
  private Path dir;
  private ClusterDir cd;
  private ClusterSpec spec;
  private long t0;

  @Test
  @Timeout(480)
  void threeReplicasAndThreeHostsOnTheirOwnAddressesSurviveAHostKillALeaderKillAndAPartition()
      throws Exception {
    String why = NetnsLab.unavailable();
    assumeTrue(why == null, "skipped: " + why);
    Path dir = tmp.resolve("c");
    try (NetnsLab lab = NetnsLab.create(MANAGERS, HOSTS)) {
      try {
        run(lab, dir);
      } finally {
        down(dir);
      }
    }
  }

  private void run(NetnsLab lab, Path dir) throws Exception {
    t0 = System.currentTimeMillis();
    ok(dir, CliRun.of("cluster", "up", "--scenario", ChaosScenario.write(tmp, HOSTS, "1s")
        .toString(), "--dir", dir.toString(), "--memory-image", "64KiB", "--managers",
        Integer.toString(MANAGERS), "--manager-addresses", list(lab::managerAddress, MANAGERS),
        "--manager-netnses", list(lab::managerNs, MANAGERS), "--host-addresses",
        list(lab::hostAddress, HOSTS), "--host-netns", list(lab::hostNs, HOSTS),
        "--when-fenced", "rejoin",
        // Six JVMs starting at once on two loaded cores (see NamespaceClusterTest).
        "--jvm-opts", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"));
    System.out.printf("netns3: cluster up after %d ms%n", since(t0));
    this.lab = lab;
    this.dir = dir;
    cd = new ClusterDir(dir);
    spec = cd.spec();
    for (int r = 0; r < MANAGERS; r++) {
      assertThat(spec.replicas().get(r).address()).isEqualTo(lab.managerAddress(r));
      listensOnItsOwnAddressOnly(cd, ClusterDir.replicaName(r), lab.managerAddress(r));
    }
    for (int h = 0; h < HOSTS; h++) {
      listensOnItsOwnAddressOnly(cd, ClusterDir.hostName(h), lab.hostAddress(h));
    }
    try (ClusterClient client = client(spec)) {
      await(() -> client.clusterStatus().getDurableLine() >= 3, 90_000, "durable line 3");
      System.out.printf("netns3: line 3 after %d ms%n", since(t0));

      ok(dir, CliRun.of("fail", "host", "0", "--dir", dir.toString()));
      ok(dir, CliRun.of("restart", "host", "0", "--dir", dir.toString()));
      recovered(client, "after host 0's kill");
      System.out.printf("netns3: host kill recovered after %d ms%n", since(t0));
    }
    leaderKill();
    hostPartition();
    leaderPartition();

    CliRun check = CliRun.of("traffic", "off", "--check", "--dir", dir.toString());
    assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).contains("by hash chain").containsPattern("[1-9][0-9]* restore");
    System.out.printf("netns3: %s (%d ms in all)%n", check.out().strip(), since(t0));
  }

  /** The leader SIGKILLed: a replica of a later term serves; the killed one comes back. */
  private void leaderKill() throws Exception {
    int killed;
    try (ClusterClient client = client(spec)) {
      ClusterStatusResponse before = client.clusterStatus();
      killed = leader(before);
      long t = System.currentTimeMillis();
      ok(dir, CliRun.of("fail", "manager", "leader", "--dir", dir.toString()));
      await(() -> client.clusterStatus().getManagerTerm() > before.getManagerTerm()
          && leader(client.clusterStatus()) != killed, 90_000, "a leader of a later term");
      System.out.printf("netns3: leader %d killed, a new leader serves after %d ms%n", killed,
          since(t));
      recovered(client, "after the leader's kill");
      ok(dir, CliRun.of("restart", "manager", Integer.toString(killed), "--dir", dir.toString()));
      listensOnItsOwnAddressOnly(cd, ClusterDir.replicaName(killed), lab.managerAddress(killed));
      System.out.printf("netns3: leader kill recovered after %d ms%n", since(t0));
    }
  }

  /**
   * Host 1 cut off past the heartbeat timeout, then healed: fenced by the replicated manager,
   * it rejoins by itself in the same process.
   */
  private void hostPartition() throws Exception {
    try (ClusterClient client = client(spec)) {
      long[] pids = NamespaceClusterTest.pids(cd);
      int[] joins = NamespaceClusterTest.joins(client);
      lab.partition(lab.hostNs(1));
      try {
        await(() -> !client.clusterStatus().getHosts(1).getAlive(), 30_000,
            "host 1 declared failed while cut off");
      } finally {
        lab.heal(lab.hostNs(1));
      }
      NamespaceClusterTest.rejoined(client, cd, 1, pids, joins);
      recovered(client, "after host 1's partition");
      System.out.printf("netns3: host partition recovered after %d ms%n", since(t0));
    }
  }

  /**
   * The leader's namespace cut off: the other two elect a leader of a later term; healed, the
   * old leader's manager has stopped (its term is over) and the cluster carries on.
   */
  private void leaderPartition() throws Exception {
    ClusterStatusResponse before;
    try (ClusterClient client = client(spec)) {
      before = client.clusterStatus();
    }
    int old = leader(before);
    long oldPid = cd.process(ClusterDir.replicaName(old)).orElseThrow().pid();
    long t = System.currentTimeMillis();
    lab.partition(lab.managerNs(old));
    long[] newTerm = new long[1];
    ClusterSecret secret = ClusterSecret.load(spec.secretFile());
    try {
      await(() -> {
        OptionalLong term = servedTermWithout(spec, secret, old);
        newTerm[0] = term.orElse(-1);
        return newTerm[0] > before.getManagerTerm();
      }, 90_000, "the two replicas left elect a leader of a later term");
      System.out.printf("netns3: leader %d cut off; term %d served by another after %d ms%n",
          old, newTerm[0], since(t));
      Thread.sleep(spec.heartbeatTimeoutMillis() + 2_000); // the cut lasts past the timeout
    } finally {
      lab.heal(lab.managerNs(old));
    }
    String stopped = "replica " + old + ": manager of term " + before.getManagerTerm() + " stops";
    await(() -> read(cd.log(ClusterDir.replicaName(old))).contains(stopped), 60_000,
        "the cut-off leader's manager stopped (" + stopped + ")");
    try (ClusterClient client = client(spec)) {
      recovered(client, "after the leader's partition");
      ClusterStatusResponse after = client.clusterStatus();
      assertThat(after.getManagerTerm()).isGreaterThan(before.getManagerTerm());
      int now = leader(after);
      assertThat(now).as("the healed old leader does not lead").isNotEqualTo(old);
      // From outside: the leader serves /healthz at its own address, the old one no longer.
      int metrics = RuntimeConfig.metricsPort(cd.config(), -1);
      await(() -> healthz(lab.managerAddress(now), metrics) == 200, 20_000,
          "the leader's /healthz at its own address says ok");
      assertThat(healthz(lab.managerAddress(old), metrics)).as("the old leader's /healthz")
          .isEqualTo(-1);
      assertThat(cd.process(ClusterDir.replicaName(old)).orElseThrow().pid())
          .as("the old leader rejoined as a follower in the same process").isEqualTo(oldPid);
      System.out.printf("netns3: leader partition recovered after %d ms (%d ms after the cut)%n",
          since(t0), since(t));
    }
  }

  private static ClusterClient client(ClusterSpec spec) throws Exception {
    return new ClusterClient(spec, ClusterSecret.load(spec.secretFile()));
  }

  /** The replica that leads, as the status the leader gives says. */
  private static int leader(ClusterStatusResponse s) {
    return s.getManagerReplicasList().stream().filter(ManagerReplicaInfo::getLeader)
        .findFirst().orElseThrow(() -> new AssertionError("no leader in " + s)).getId();
  }

  /**
   * The term a replica other than {@code cut} serves the manager in, asked of each at its own
   * address (a channel to the whole list may still hold the cut-off leader's silent connection).
   */
  private static OptionalLong servedTermWithout(ClusterSpec spec, ClusterSecret secret,
      int cut) {
    for (int r = 0; r < MANAGERS; r++) {
      if (r == cut) {
        continue;
      }
      ClusterClient c = new ClusterClient(spec.withManager(spec.replicas().get(r)
          .managerAddress()), secret);
      try {
        return OptionalLong.of(c.clusterStatus().getManagerTerm());
      } catch (RuntimeException followerOrNotYet) {
        // a follower does not listen on its manager port
      } finally {
        try {
          c.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    return OptionalLong.empty();
  }

  /** The HTTP status of /healthz at {@code address:port}, or -1 when nothing answers there. */
  private static int healthz(String address, int port) {
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .connectTimeout(java.time.Duration.ofSeconds(3)).build();
    try {
      return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://"
          + address + ":" + port + "/healthz")).timeout(java.time.Duration.ofSeconds(5)).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException refused) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (java.io.IOException e) {
      return "";
    }
  }

  private static String list(java.util.function.IntFunction<String> f, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(f.apply(i));
    }
    return String.join(",", out);
  }
}
