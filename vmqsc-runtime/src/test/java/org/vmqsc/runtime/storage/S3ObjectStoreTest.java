package org.vmqsc.runtime.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The S3 store's own operations against a real S3 server (s3proxy), and its location's rules. */
class S3ObjectStoreTest {
  private static S3TestServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3TestServer();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void putListReadDeleteUnderAPrefix() throws IOException {
    try (S3ObjectStore s = new S3ObjectStore(server.bucket("ops", "c1/storage"))) {
      s.check();
      s.putAll(List.of(new ObjectStore.Put("vm-0/a.item", ".a.tmp",
              ObjectStore.bytes(new byte[] {1, 2, 3})),
          new ObjectStore.Put("vm-1/b.item", ".b.tmp", ObjectStore.bytes(new byte[0])),
          new ObjectStore.Put("hosts/host-0.run", ".r.tmp", ObjectStore.bytes("7".getBytes()))));

      assertThat(s.list("")).containsExactlyInAnyOrder("vm-0", "vm-1", "hosts");
      assertThat(s.list("vm-0")).containsExactly("a.item");
      assertThat(s.list("vm-9")).isEmpty();
      assertThat(s.readSmall("vm-0/a.item")).containsExactly(1, 2, 3);
      assertThat(s.size("vm-1/b.item")).isZero();
      assertThat(s.size("vm-1/none.item")).isEqualTo(-1);
      assertThat(server.raw().headObject(r -> r.bucket("ops").key("c1/storage/vm-0/a.item"))
          .contentLength()).as("keys carry the prefix").isEqualTo(3);
      assertThat(s.where("vm-0/a.item")).isEqualTo("s3://ops/c1/storage/vm-0/a.item");

      s.delete("vm-0/a.item");
      s.delete("vm-0/a.item"); // twice: deleting what is gone is no error
      assertThat(s.list("vm-0")).isEmpty();
      assertThatThrownBy(() -> s.open("vm-0/a.item")).isInstanceOf(NoSuchFileException.class);
      assertThat(s.readSmall("vm-0/a.item")).isNull();
    }
  }

  @Test
  void aMissingBucketAWrongKeyAndADeadEndpointAreRefusedByCheck() throws Exception {
    S3Location none = S3Location.resolve("s3://no-such-bucket/p", server.endpoint().toString(),
        null, S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, Map.of());
    try (S3ObjectStore s = new S3ObjectStore(none)) {
      assertThatThrownBy(s::check).hasMessageContaining("bucket 'no-such-bucket' does not exist");
    }
    server.bucket("keys", "");
    S3Location wrongKey = S3Location.resolve("s3://keys", server.endpoint().toString(), null,
        S3TestServer.ACCESS_KEY, "not-the-secret", Map.of());
    try (S3ObjectStore s = new S3ObjectStore(wrongKey)) {
      assertThatThrownBy(s::check).hasMessageContaining("refused").hasMessageContaining("403");
    }
    int closedPort;
    try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1,
        java.net.InetAddress.getLoopbackAddress())) {
      closedPort = ss.getLocalPort();
    }
    S3Location dead = S3Location.resolve("s3://keys", "http://127.0.0.1:" + closedPort, null,
        "a", "b", Map.of());
    try (S3ObjectStore s = new S3ObjectStore(dead)) {
      assertThatThrownBy(s::check).hasMessageStartingWith("cannot reach http://127.0.0.1:"
          + closedPort);
    }
  }

  @Test
  void aLocationTakesWhatTheConfigLeavesOutFromTheAwsEnvironment() {
    Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://10.0.0.5:9000",
        "AWS_REGION", "eu-west-1", "AWS_ACCESS_KEY_ID", "AK", "AWS_SECRET_ACCESS_KEY", "SK");
    S3Location l = S3Location.resolve("s3://bk1/p/q/", null, null, null, null, env);
    assertThat(l).isEqualTo(new S3Location("bk1", "p/q", java.net.URI.create(
        "http://10.0.0.5:9000"), "eu-west-1", "AK", "SK"));
    S3Location given = S3Location.resolve("s3://bk1", "http://127.0.0.1:1", "r1", "a", "b", env);
    assertThat(given).isEqualTo(new S3Location("bk1", "", java.net.URI.create(
        "http://127.0.0.1:1"), "r1", "a", "b"));
    assertThat(S3Location.resolve("s3://bk1", null, null, null, null, Map.of()))
        .isEqualTo(new S3Location("bk1", "", null, "us-east-1", null, null));
    assertThat(S3Location.resolve("s3://bk1", null, null, "AK", "SECRET", Map.of()).toString())
        .as("no credentials in messages").doesNotContain("SECRET").doesNotContain("AK");
  }

  @Test
  void badLocationsAreRefusedInOneLine() {
    for (String[] bad : new String[][] {
        {"gs://b/p", "unknown storage scheme"}, {"s3:///p", "names no bucket"},
        {"s3://B_ad/p", "is not a bucket name"}, {"s3://bucket/p?x=1", "no ?query"},
        {"/var/lib/x", "unknown storage scheme"}}) {
      assertThatThrownBy(() -> S3Location.resolve(bad[0], null, null, null, null, Map.of()))
          .as(bad[0]).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad[1])
          .hasMessageNotContaining("\n");
    }
    assertThatThrownBy(() -> S3Location.resolve("s3://bucket", "ftp://h", null, null, null,
        Map.of())).hasMessageContaining("not an http(s) URL");
    assertThatThrownBy(() -> S3Location.resolve("s3://bucket", null, null, "a", null,
        Map.of())).hasMessageContaining("both");
  }
}
