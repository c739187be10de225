package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.runtime.cluster.Fig2Cluster.await;
import static org.vmqsc.runtime.cluster.Fig2Cluster.fig2;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.storage.ItemName;
import org.vmqsc.runtime.storage.S3Location;
import org.vmqsc.runtime.storage.S3TestServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The Figure 2 cluster ({@link Fig2Cluster}) with its stable storage in a bucket of a real S3
 * server (s3proxy in this JVM, on loopback), through a host crash and through a checkpoint that
 * rots in the bucket (D15): the runtime's oracle judges the quiet cluster from the guests'
 * ledgers and the hypervisors' journals, and the bucket, not the directory, holds the items.
 */
class S3ClusterTest {
  private static S3TestServer server;
  private static int buckets;

  @TempDir Path dir;
  Fig2Cluster c;
  S3Location location;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3TestServer();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @AfterEach
  void stop() throws Exception {
    if (c != null) {
      c.close();
    }
  }

  private ClusterSpec spec() throws Exception {
    location = server.bucket("cluster-" + ++buckets, "fig2/storage");
    return fig2(dir).withS3(location);
  }

  private int durableLine() {
    return c.client.clusterStatus().getDurableLine();
  }

  @Test
  void survivesAHostCrashWithItsItemsInTheBucket() throws Exception {
    c = Fig2Cluster.start(spec());
    await(() -> durableLine() >= 3, 20_000, "durable line >= 3");

    c.crash(1);
    await(() -> !c.client.clusterStatus().getHosts(1).getAlive(), 5_000, "host 1 seen failed");
    int before = durableLine();
    c.restart(1);
    await(() -> c.client.clusterStatus().getRecoveries() == 1
        && c.client.clusterStatus().getHosts(1).getAlive(), 20_000, "host 1 recovered");
    assertThat(c.client.clusterStatus().getIncarnation(2)).isEqualTo(1);
    await(() -> durableLine() >= before + 3, 20_000, "durable line moves on after recovery");
    c.awaitQuietAndWhole();

    assertThat(keys("vm-2/")).anyMatch(k -> k.contains("/ckpt_"));
    try (Stream<Path> local = Files.list(c.spec.storageDir())) {
      assertThat(local.map(p -> p.getFileName().toString()))
          .as("no VM directory on local disk").noneMatch(n -> n.startsWith("vm-"));
    }
  }

  /**
   * D15 on S3: with host 1 down, the checkpoint VM 2 stands on in the durable line is overwritten
   * in the bucket with one byte flipped (through the S3 API, as rot in the store would leave
   * it). The restarted host's recovery finds it by its checksum and returns every VM to the
   * previous durable line, which the storage kept; nothing is lost or delivered twice.
   */
  @Test
  void aCheckpointDamagedInTheBucketMakesTheRecoveryFallBack() throws Exception {
    c = Fig2Cluster.start(spec());
    await(() -> durableLine() >= 4, 20_000, "durable line >= 4");

    c.crash(1);
    await(() -> !c.client.clusterStatus().getHosts(1).getAlive(), 5_000, "host 1 seen failed");
    int line = durableLine();
    String key = newestCheckpointAtOrBelow(2, line);
    byte[] bytes = server.raw().getObjectAsBytes(r -> r.bucket(location.bucket()).key(key))
        .asByteArray();
    bytes[bytes.length / 2] ^= 0x40;
    server.raw().putObject(r -> r.bucket(location.bucket()).key(key),
        RequestBody.fromBytes(bytes));

    c.restart(1);
    await(() -> c.client.clusterStatus().getRecoveries() == 1
        && c.client.clusterStatus().getHosts(1).getAlive(), 20_000, "host 1 recovered");
    ClusterStatusResponse cs = c.client.clusterStatus();
    assertThat(cs.getLastDamagedLine()).isEqualTo(line);
    assertThat(cs.getLastRecoveryLine()).isLessThan(line);
    assertThat(cs.getIncarnationList()).as("every VM rolled back").containsOnly(1);
    await(() -> durableLine() >= cs.getDurableLine() + 3, 20_000,
        "durable line moves on after the fall-back");
    c.awaitQuietAndWhole();
  }

  private List<String> keys(String under) {
    return server.raw().listObjectsV2Paginator(r -> r.bucket(location.bucket())
        .prefix(location.prefix() + "/" + under)).contents().stream().map(S3Object::key)
        .toList();
  }

  private String newestCheckpointAtOrBelow(int vm, int line) {
    return keys(ItemName.vmDirName(vm) + "/").stream().filter(k -> {
      ItemName n = ItemName.parse(k.substring(k.lastIndexOf('/') + 1));
      return n != null && n.checkpoint() && n.interval() <= line;
    }).max(Comparator.comparingInt(k -> ItemName.parse(k.substring(k.lastIndexOf('/') + 1))
        .interval())).orElseThrow();
  }
}
