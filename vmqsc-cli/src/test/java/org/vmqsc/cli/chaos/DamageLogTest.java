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
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.runtime.storage.FileObjectStore;
import org.vmqsc.runtime.storage.FileStableStorage;
import org.vmqsc.runtime.storage.FileStorageConfig;
import org.vmqsc.runtime.storage.ObjectStore;
import org.vmqsc.runtime.storage.S3Location;
import org.vmqsc.runtime.storage.S3ObjectStore;

/**
 * chaos's corrupt-log damages the newest log record of a VM inside its host's segment, where the
 * cluster keeps it (a directory's segment file, in place; an object in a bucket of a real S3
 * server, by GET, flip and PUT), and the storage then reports it to recovery (D15 for logs)
 * instead of returning it.
 */
class DamageLogTest {
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
    bucket = new S3ObjectStore(new S3Location(EmbeddedS3.BUCKET, "damage-log", s3.endpoint(),
        S3Location.DEFAULT_REGION, keys.getProperty("accessKeyId"),
        keys.getProperty("secretAccessKey")));
  }

  @AfterEach
  void stop() throws Exception {
    bucket.close();
    s3.close();
  }

  @Test
  void inADirectoryTheNewestRecordIsDamagedInPlaceAndReported() throws Exception {
    try (FileObjectStore dir = new FileObjectStore(tmp.resolve("store"))) {
      damageAndRead(dir);
    }
  }

  @Test
  void inABucketTheNewestRecordIsDamagedThroughS3AndReported() throws Exception {
    damageAndRead(bucket);
  }

  private void damageAndRead(ObjectStore store) throws Exception {
    FileStableStorage writer = storage(store);
    for (int i = 1; i <= 3; i++) {
      writer.stage(0, r6(i));
      writer.flush();
    }
    writer.halt();

    String said = Damage.flipNewestLog(store, 0);
    assertThat(said).startsWith("flipped 8 bytes at offset ").contains("r6_3_0_h0r");

    FileStableStorage reader = storage(store);
    try {
      assertThat(reader.durableItems(0)).extracting(StableItem::interval).containsExactly(1, 2);
      assertThat(reader.damagedLogs(0, 4, false)).hasSize(1).first()
          .satisfiesAnyOf(k -> assertThat(k).isEqualTo(new ItemKey(ItemKey.Kind.R6, 3, 0)),
              k -> assertThat(k).isEqualTo(ItemKey.unknownLog()));
    } finally {
      reader.halt();
    }
    assertThat(Damage.flipNewestLog(store, 7)).isEqualTo("vm 7 has no log record to corrupt");
  }

  private FileStableStorage storage(ObjectStore store) {
    return new FileStableStorage(FileStorageConfig.builder(tmp.resolve("local"))
        .lazyDelayMillis(0).build(), nonClosing(store), (h, t) -> { }, p -> { });
  }

  private static LogItem r6(int interval) {
    Message m = new Message(1, 0, interval, interval, 0, 77L * interval, 5);
    return new LogItem(0, LogItem.Kind.R6, interval, 0,
        List.of(new LogEntry(m, interval, false, interval)), 1, 512);
  }

  /** The test closes the store; the storages over it must not. */
  private static ObjectStore nonClosing(ObjectStore inner) {
    return (ObjectStore) java.lang.reflect.Proxy.newProxyInstance(
        ObjectStore.class.getClassLoader(), new Class<?>[] {ObjectStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            return null;
          }
          try {
            return method.invoke(inner, args);
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
