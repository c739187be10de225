package org.vmqsc.runtime.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.core.config.Topology;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.cluster.FreePorts;
import org.vmqsc.runtime.cluster.ManagerReplicas;
import org.vmqsc.runtime.cluster.PeerRates;
import org.vmqsc.runtime.manager.ManagerStateFile;

/**
 * The replicated state machine on a real Ratis server (a group of one, so it leads at once): the
 * manager it starts saves its state through Ratis, a snapshot writes that state to a file, and a
 * replica started again from its directory (snapshot plus the log after it) holds the same state
 * its manager then starts from.
 */
class ManagerStateMachineTest {
  @TempDir Path dir;

  static ClusterSpec spec(Path dir, int replicas) throws Exception {
    Topology topo = new Topology(new int[] {2, 1, 1, 3}, new int[] {0, 0, 1, 1},
        new long[] {4096, 4096, 4096, 4096}, 2, 64);
    PeerRates.Builder rates = PeerRates.builder(4);
    Path secret = dir.resolve("secret");
    ClusterSecret.generate(new SecureRandom()).store(secret);
    int[] p = FreePorts.pick(4 + 2 * replicas);
    int[] mp = new int[replicas];
    int[] rp = new int[replicas];
    for (int i = 0; i < replicas; i++) {
      mp[i] = p[4 + i];
      rp[i] = p[4 + replicas + i];
    }
    ClusterSpec spec = new ClusterSpec(topo, 300, rates.build(), true, 1_000_000, 7,
        "127.0.0.1", mp[0], new int[] {p[0], p[1]}, new int[] {p[2], p[3]}, dir, secret, 600,
        300, 3000, ClusterSpec.DEFAULT_RELOCATE_AFTER_MILLIS) // heartbeat 3 s: a loaded machine
        .withReplicas(ManagerReplicas.on("127.0.0.1", mp, rp));
    org.vmqsc.runtime.cluster.ClusterTls.issue(spec); // every replica's and host's certificate
    return spec;
  }

  static void await(java.util.function.BooleanSupplier c, long millis, String what)
      throws InterruptedException {
    long end = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < end) {
      if (c.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out waiting for: " + what);
  }

  @Test
  void appliesSnapshotsAndReloadsTheManagersState() throws Exception {
    ClusterSpec spec = spec(dir, 1);
    ClusterSecret secret = ClusterSecret.load(spec.secretFile());
    String applied;
    try (ManagerReplica r = new ManagerReplica(spec, 0, secret, -1).start()) {
      await(() -> r.manager() != null, 20_000, "the only replica leads and runs a manager");
      await(() -> r.machine().state() != null, 5_000, "the manager's first save is applied");
      applied = r.machine().state();
      ManagerStateFile s = ManagerStateFile.decode(applied, "test", 4);
      assertThat(s.epochMillis()).as("the epoch the manager chose").isPositive();
      assertThat(r.manager().term()).isEqualTo(r.ratis().getCurrentTerm()).isPositive();
      long index = r.machine().takeSnapshot();
      assertThat(index).isPositive();
      Path snapshot = r.machine().getLatestSnapshot().getFiles().get(0).getPath();
      assertThat(Files.readString(snapshot)).isEqualTo(applied);
    }
    try (ManagerReplica again = new ManagerReplica(spec, 0, secret, -1).start()) {
      await(() -> again.manager() != null, 20_000, "the replica leads again");
      assertThat(ManagerStateFile.decode(again.machine().state(), "test", 4).epochMillis())
          .as("the restarted manager took up the replicated epoch, it did not choose a new one")
          .isEqualTo(ManagerStateFile.decode(applied, "test", 4).epochMillis());
      assertThat(again.manager().term()).as("a new term for the new leadership").isGreaterThan(1);
    }
  }
}
