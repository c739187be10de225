package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.storage.S3Location;

/**
 * {@code storage:} in cluster.yaml and {@code cluster up --storage}: a bucket is taken with its
 * endpoint, region and keys; the directory stays the default; every bad value is one line and
 * exit 2, an unreachable endpoint before anything starts.
 */
@Timeout(120)
class StorageConfigTest {
  @TempDir Path dir;

  private static final String PORTS = "managerPort: 7000\nrelayPorts: [7001, 7002]\n"
      + "controlPorts: [7101, 7102]\n";

  private Path config(String extra) throws IOException {
    Files.writeString(dir.resolve("secret"), "0123456789abcdef0123456789abcdef0123456789abcdef"
        + "0123456789abcdef\n");
    Path f = dir.resolve("cluster.yaml");
    Files.writeString(f, "scenario: paper-fig2\ndir: '" + dir + "'\n" + PORTS + extra);
    return f;
  }

  @Test
  void aBucketIsTakenWithItsEndpointRegionAndKeys() throws IOException {
    assertThat(RuntimeConfig.load(config("")).s3()).as("the directory by default").isNull();

    Files.writeString(dir.resolve("s3.keys"), "accessKeyId=AKID\nsecretAccessKey=SEKRET\n");
    S3Location l = RuntimeConfig.load(config("storage: s3://vmqsc-bucket/clusters/c1\n"
        + "s3Endpoint: http://127.0.0.1:9000\ns3Region: eu-central-1\n"
        + "s3CredentialsFile: s3.keys\n")).s3();
    assertThat(l).isEqualTo(new S3Location("vmqsc-bucket", "clusters/c1",
        URI.create("http://127.0.0.1:9000"), "eu-central-1", "AKID", "SEKRET"));
  }

  @Test
  void badStorageValuesAreOneLineAndExit2() throws IOException {
    assertBad(config("storage: /var/lib/vmqsc\n"), "storage", "unknown storage scheme");
    assertBad(config("storage: gs://bucket/p\n"), "storage", "unknown storage scheme");
    assertBad(config("storage: 's3:///prefix'\n"), "storage", "names no bucket");
    assertBad(config("storage: s3://Bad_Bucket\n"), "storage", "is not a bucket name");
    assertBad(config("storage: s3://bucket\ns3Endpoint: ftp://h\n"), "storage",
        "not an http(s) URL");
    assertBad(config("s3Endpoint: http://127.0.0.1:9000\n"), "s3Endpoint",
        "only with storage: s3://");
    assertBad(config("storage: s3://bucket\ns3CredentialsFile: none.keys\n"),
        "s3CredentialsFile", "cannot read");
    Files.writeString(dir.resolve("half.keys"), "accessKeyId=AKID\n");
    assertBad(config("storage: s3://bucket\ns3CredentialsFile: half.keys\n"),
        "s3CredentialsFile", "must give accessKeyId= and secretAccessKey=");
  }

  @Test
  void anUnreachableEndpointIsRefusedBeforeAnythingStarts() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path keys = dir.resolve("s3.keys");
    Files.writeString(keys, "accessKeyId=a\nsecretAccessKey=b\n");
    Path c = dir.resolve("c");
    CliRun r = CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir", c.toString(),
        "--storage", "s3://vmqsc-bucket/c", "--s3-endpoint", "http://127.0.0.1:" + closed,
        "--s3-credentials", keys.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString()
        .contains("--storage s3://vmqsc-bucket/c: cannot reach http://127.0.0.1:" + closed);
    assertThat(c).as("nothing left behind, nothing started").doesNotExist();

    CliRun noStorage = CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir",
        c.toString(), "--s3-endpoint", "http://127.0.0.1:" + closed);
    assertThat(noStorage.exitCode()).isEqualTo(2);
    assertThat(noStorage.errLines()).singleElement().asString()
        .contains("--s3-endpoint needs --storage s3://bucket/prefix");
  }

  private static void assertBad(Path config, String... parts) {
    CliRun r = CliRun.of("manager", "--config", config.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(parts);
  }
}
