package org.vmqsc.runtime.storage;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The storage contract over a bucket of a real S3 server (s3proxy in this JVM, on loopback):
 * damage is done through the S3 API itself (an object overwritten with flipped or missing bytes),
 * as rot in the store or a careless operator would leave it.
 */
class S3StoreContractTest extends StableStorageContract {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3TestServer server;

  @TempDir Path local;
  private S3Location location;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3TestServer();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @BeforeEach
  void newBucket() {
    location = server.bucket("contract-" + BUCKETS.incrementAndGet(), "cluster-1/storage");
  }

  @Override
  ObjectStore newStore() {
    return new S3ObjectStore(location);
  }

  @Override
  Path localDir() {
    return local;
  }

  private String key(String name) {
    return location.prefix() + "/" + name;
  }

  @Override
  byte[] rawRead(String name) {
    return server.raw().getObjectAsBytes(r -> r.bucket(location.bucket()).key(key(name)))
        .asByteArray();
  }

  @Override
  void rawWrite(String name, byte[] bytes) {
    server.raw().putObject(r -> r.bucket(location.bucket()).key(key(name)),
        RequestBody.fromBytes(bytes));
  }

  @Override
  void rawDelete(String name) {
    server.raw().deleteObject(r -> r.bucket(location.bucket()).key(key(name)));
  }
}
