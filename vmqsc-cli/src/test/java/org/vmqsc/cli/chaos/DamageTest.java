package org.vmqsc.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.cli.demo.EmbeddedS3;
import org.vmqsc.runtime.storage.FileObjectStore;
import org.vmqsc.runtime.storage.ObjectStore;
import org.vmqsc.runtime.storage.S3Location;
import org.vmqsc.runtime.storage.S3ObjectStore;

/**
 * chaos's corrupt-newest damages the item where the cluster keeps it: in a bucket of a real S3
 * server (s3proxy on loopback) the object under the same key holds 8 flipped bytes afterwards,
 * read back through S3; in a directory, the file. The newest item is the last staged one, and
 * an item reclaimed meanwhile is not brought back.
 */
class DamageTest {
  @TempDir Path tmp;
  EmbeddedS3 s3;
  S3ObjectStore bucket;

  @BeforeEach
  void start() throws Exception {
    s3 = EmbeddedS3.start();
    Properties keys = new Properties();
    try (var in = Files.newInputStream(s3.keys())) {
      keys.load(in);
    }
    bucket = new S3ObjectStore(new S3Location(EmbeddedS3.BUCKET, "damage", s3.endpoint(),
        S3Location.DEFAULT_REGION, keys.getProperty("accessKeyId"),
        keys.getProperty("secretAccessKey")));
  }

  @AfterEach
  void stop() throws Exception {
    bucket.close();
    s3.close();
  }

  @Test
  void theNewestObjectInTheBucketHoldsEightFlippedBytesUnderTheSameKey() throws Exception {
    byte[] newest = pattern(4096, 7);
    byte[] older = pattern(4096, 3);
    put(bucket, "vm-3/ckpt_4_0_h1r1t9.item", older);
    put(bucket, "vm-3/r8_5_0_h1r1t12.item", newest); // staged last: ticket 12
    put(bucket, "vm-3/undo_1_3.mark", new byte[0]);

    String said = Damage.flipNewest(bucket, 3);

    assertThat(said).isEqualTo("flipped 8 bytes of vm 3's r8_5_0_h1r1t12.item "
        + "(s3://vmqsc-demo/damage/vm-3/r8_5_0_h1r1t12.item)");
    byte[] after = bucket.readSmall("vm-3/r8_5_0_h1r1t12.item");
    assertThat(after).hasSameSizeAs(newest);
    assertThat(differing(newest, after)).containsExactly(2044, 2045, 2046, 2047, 2048, 2049, 2050,
        2051);
    assertThat(bucket.readSmall("vm-3/ckpt_4_0_h1r1t9.item")).isEqualTo(older);
    assertThat(bucket.list("vm-3")).containsExactlyInAnyOrder("ckpt_4_0_h1r1t9.item",
        "r8_5_0_h1r1t12.item", "undo_1_3.mark");
  }

  @Test
  void aVmWithoutItemsIsSaidAndNothingIsWritten() throws Exception {
    assertThat(Damage.flipNewest(bucket, 5)).isEqualTo("vm 5 has no item to corrupt");
    assertThat(bucket.list("vm-5")).isEmpty();
  }

  @Test
  void inADirectoryTheFileIsDamaged() throws Exception {
    try (FileObjectStore dir = new FileObjectStore(tmp)) {
      byte[] item = pattern(100, 1);
      put(dir, "vm-0/ckpt_2_0_h0r1t1.item", item);

      assertThat(Damage.flipNewest(dir, 0)).startsWith("flipped 8 bytes of vm 0's "
          + "ckpt_2_0_h0r1t1.item (");
      byte[] after = Files.readAllBytes(tmp.resolve("vm-0/ckpt_2_0_h0r1t1.item"));
      assertThat(differing(item, after)).containsExactly(46, 47, 48, 49, 50, 51, 52, 53);
      try (var files = Files.list(tmp.resolve("vm-0"))) {
        assertThat(files).hasSize(1); // no temp file left beside it
      }
    }
  }

  private static void put(ObjectStore store, String name, byte[] bytes) throws Exception {
    String file = name.substring(name.indexOf('/') + 1);
    store.putAll(List.of(new ObjectStore.Put(name, "." + file + ".tmp",
        ObjectStore.bytes(bytes))));
  }

  private static byte[] pattern(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private static List<Integer> differing(byte[] a, byte[] b) {
    List<Integer> at = new java.util.ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        at.add(i);
      }
    }
    return at;
  }
}
