package org.vmqsc.runtime.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.runtime.replica.ManagerStateMachineTest.await;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterOracle;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.hypervisor.HypervisorNode;

/**
 * The Figure 2 cluster (two hosts, bank guests) with its manager on three Ratis replicas in this
 * JVM, on real gRPC. The leader is stopped mid-traffic and again just after a crashed host came
 * back to be recovered: each time another replica leads in a higher term, the hosts follow it,
 * the durable line moves on, and the recovery the first leader had planned is finished by the
 * next. Judged from the guests: the bank total, every channel's counts and the hypervisors'
 * journals once traffic is off, and the VMs' incarnations as the hosts hold them.
 */
class ReplicatedManagerTest {
  @TempDir Path dir;
  private ClusterSpec spec;
  private ClusterSecret secret;
  private final ManagerReplica[] replicas = new ManagerReplica[3];
  private final HypervisorNode[] hosts = new HypervisorNode[2];
  private ClusterClient client;

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    for (HypervisorNode h : hosts) {
      if (h != null) {
        h.close();
      }
    }
    for (ManagerReplica r : replicas) {
      if (r != null) {
        r.close();
      }
    }
  }

  private int leader() {
    for (int i = 0; i < replicas.length; i++) {
      if (replicas[i] != null && replicas[i].manager() != null) {
        return i;
      }
    }
    return -1;
  }

  private int durable() {
    return client.clusterStatus().getDurableLine();
  }

  /** Stops the leader's replica; returns the term it led in. */
  private long stopLeader() throws Exception {
    int l = leader();
    long term = replicas[l].manager().term();
    replicas[l].close();
    replicas[l] = null;
    return term;
  }

  private void awaitNewLeader(long after) throws InterruptedException {
    await(() -> leader() >= 0 && replicas[leader()].manager().term() > after, 30_000,
        "another replica leads in a term after " + after);
  }

  @Test
  void theHostsFollowANewLeaderAndItFinishesTheRecoveryTheOldOnePlanned() throws Exception {
    spec = ManagerStateMachineTest.spec(dir, 3);
    secret = ClusterSecret.load(spec.secretFile());
    for (int i = 0; i < 3; i++) {
      replicas[i] = new ManagerReplica(spec, i, secret, -1).start();
    }
    for (int h = 0; h < 2; h++) {
      hosts[h] = new HypervisorNode(spec, h, secret).start();
    }
    client = new ClusterClient(spec, secret);
    await(() -> durable() >= 3, 30_000, "durable line >= 3");

    int stopped = leader();
    int before = durable();
    long term = stopLeader();
    awaitNewLeader(term);
    await(() -> durable() >= before + 3, 30_000, "the durable line moves on under the new leader");
    replicas[stopped] = new ManagerReplica(spec, stopped, secret, -1).start(); // back as follower

    hosts[1].close(); // host 1 crashes ...
    hosts[1] = null;
    await(() -> !client.clusterStatus().getHosts(1).getAlive(), 15_000, "host 1 seen failed");
    hosts[1] = new HypervisorNode(spec, 1, secret).start(); // ... and comes back
    long term2 = stopLeader(); // the leader dies as the recovery starts
    awaitNewLeader(term2);
    await(() -> client.clusterStatus().getHosts(1).getAlive()
        && client.status(1).getVmsList().size() == 2
        && client.status(1).getVmsList().stream().allMatch(v -> v.getUp()
            && v.getIncarnation() == 1), 30_000,
        "host 1 recovered: it runs its VMs again, in their next incarnation");
    int after = durable();
    await(() -> durable() >= after + 2, 30_000, "the line moves on after the recovery");

    client.setTraffic(false);
    await(() -> ClusterClient.checkQuiet(client.allLedgers(), spec).isEmpty(), 20_000,
        "quiet cluster conserves money and delivers every message once");
    assertThat(ClusterOracle.history(spec, client.journals()))
        .as("restores and replays as the hypervisors saw them (P3, P5)").isEmpty();
  }
}
