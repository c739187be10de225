package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.cli.demo.EmbeddedS3;
import org.vmqsc.runtime.storage.S3Location;
import org.vmqsc.runtime.storage.S3ObjectStore;

/**
 * {@code vmqsc chaos} with stable storage in a bucket of a real S3 server (s3proxy on loopback,
 * started by the test and given by --s3-endpoint and --s3-credentials, so the test can look into
 * the bucket). The storage faults reach the S3 path: corrupt-newest damages the object in the
 * bucket (the test, scanning the bucket while the campaign runs, finds that object and no other
 * failing its CRC32C);
 * storage-fail's fault file in the local storage directory makes the host's writes to the bucket
 * fail until it is removed. A failing run names the storage in its replay line; bad storage
 * options are one line and exit 2.
 */
class ChaosS3Test {
  @TempDir Path tmp;
  EmbeddedS3 s3;

  @AfterEach
  void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  @Timeout(240)
  void theStorageFaultsReachTheBucketAndTheCampaignPasses() throws Exception {
    s3 = EmbeddedS3.start();
    Path dir = tmp.resolve("c");
    Set<String> damaged = ConcurrentHashMap.newKeySet();
    CliRun r;
    try (S3ObjectStore bucket = new S3ObjectStore(location(s3, "c"))) {
      // Seed 2 draws corrupt-newest host 1, then storage-fail host 1.
      CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of("chaos",
          "--cycles", "2", "--seed", "2", "--faults", "corrupt-newest,storage-fail", "--hosts",
          "2", "--period", "500ms", "--dir", dir.toString(), "--storage", "s3://"
              + EmbeddedS3.BUCKET + "/c", "--s3-endpoint", s3.endpoint().toString(),
          "--s3-credentials", s3.keys().toString()));
      while (!run.isDone()) {
        damaged.addAll(badObjects(bucket, 4)); // what the bucket holds, read through S3
        Thread.sleep(200);
      }
      r = run.get();
    }

    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("chaos: stable storage: s3://vmqsc-demo/c at " + s3.endpoint(),
        "cycle 1/2 corrupt-newest host 1 ", "cycle 2/2 storage-fail host 1 ",
        "chaos: 2 of 2 cycles, seed 2, 2 hosts, T0 500ms, storage s3://vmqsc-demo/c")
        .containsPattern("total +2 +0 +0").doesNotContain("FAILED");
    Matcher flipped = Pattern.compile("flipped 8 bytes of vm (\\d+)'s (\\S+\\.item) "
        + "\\((\\S+)\\)").matcher(r.out());
    assertThat(flipped.find()).as(r.out()).isTrue();
    String object = flipped.group(3);
    assertThat(object).isEqualTo("s3://vmqsc-demo/c/vm-" + flipped.group(1) + "/"
        + flipped.group(2));
    // The object in the bucket was damaged for real, and it is the only one that ever was.
    assertThat(damaged).containsExactly(object);
    // The fault file in the local directory stopped the writes to the bucket, then let them go.
    assertThat(log(dir, "host-1")).contains("java.io.IOException: vmqsc chaos; retrying",
        "writes succeed again after");
    assertThat(s3.objects("c")).as("items in the bucket").isGreaterThan(4);
    try (Stream<Path> local = Files.list(dir.resolve("storage"))) {
      assertThat(local.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("vm-"));
    }
    assertNoClusterProcess(dir);
  }

  @Test
  @Timeout(240)
  void aStallOnTheS3StoreFailsTheRunWithAReplayThatNamesTheStorage() throws Exception {
    Path dir = tmp.resolve("c");
    // No restarted JVM joins and recovers within 1 s: the first cycle is a stall.
    CliRun r = CliRun.of("chaos", "--cycles", "2", "--seed", "1", "--faults", "host-kill",
        "--hosts", "2", "--period", "500ms", "--stall-after", "1s", "--dir", dir.toString(),
        "--storage", "s3");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("chaos: stable storage: s3://vmqsc-demo/c at http://127.0.0.1:",
        ", s3proxy in this process", "STALL: not recovered within 1 s",
        "FAILED: 1 stall(s), 0 violation(s); seed 1; replay: vmqsc chaos --seed 1 --cycles 2 "
            + "--faults host-kill --hosts 2 --period 500ms --storage s3\n");
    assertNoClusterProcess(dir);
  }

  @Test
  void badStorageOptionsAreOneLineAndExitTwoAndWriteNothing() {
    Path fresh = tmp.resolve("never");
    String d = fresh.toString();
    expectBad("--storage: 'nfs' is none of dir, s3, s3://bucket/prefix", "--storage", "nfs",
        "--dir", d);
    expectBad("--s3-endpoint needs --storage s3 or s3://bucket/prefix", "--s3-endpoint",
        "http://127.0.0.1:9", "--dir", d);
    expectBad("--s3-credentials needs --s3-endpoint", "--storage", "s3", "--s3-credentials",
        "k", "--dir", d);
    assertThat(fresh).doesNotExist();
  }

  @Test
  @Timeout(120)
  void anUnreachableS3ServerIsRefusedByClusterUpWithExitTwo() throws IOException {
    Path dir = tmp.resolve("c");
    CliRun r = CliRun.of("chaos", "--cycles", "1", "--dir", dir.toString(), "--storage",
        "s3://vmqsc-demo/c", "--s3-endpoint", "http://127.0.0.1:9");
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.errLines()).singleElement().asString().contains("cannot reach "
        + "http://127.0.0.1:9");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(f -> f.toString().endsWith(".pid"))).isEmpty();
    }
  }

  private static S3Location location(EmbeddedS3 s3, String prefix) throws IOException {
    Properties keys = new Properties();
    try (var in = Files.newInputStream(s3.keys())) {
      keys.load(in);
    }
    return new S3Location(EmbeddedS3.BUCKET, prefix, s3.endpoint(), S3Location.DEFAULT_REGION,
        keys.getProperty("accessKeyId"), keys.getProperty("secretAccessKey"));
  }

  /**
   * The item objects of VMs 0..vms-1 whose bytes fail their frame's CRC32C (the last 4 bytes,
   * big-endian, over all before them: the item file format), by s3:// URL. Objects deleted while
   * the scan runs are skipped.
   */
  private static Set<String> badObjects(S3ObjectStore bucket, int vms) throws IOException {
    Set<String> bad = new java.util.HashSet<>();
    for (int vm = 0; vm < vms; vm++) {
      for (String n : bucket.list("vm-" + vm)) {
        if (!n.endsWith(".item")) {
          continue;
        }
        String name = "vm-" + vm + "/" + n;
        byte[] b = bucket.readSmall(name);
        if (b == null) {
          continue; // reclaimed meanwhile
        }
        if (b.length < 4) {
          bad.add(bucket.where(name));
          continue;
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        if (ByteBuffer.wrap(b, b.length - 4, 4).getInt() != (int) crc.getValue()) {
          bad.add(bucket.where(name));
        }
      }
    }
    return bad;
  }

  private static String log(Path dir, String name) throws IOException {
    return Files.readString(dir.resolve(name + ".log"));
  }

  private static void expectBad(String message, String... args) {
    List<String> all = new ArrayList<>(List.of("chaos"));
    all.addAll(List.of(args));
    CliRun r = CliRun.of(all.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains(message);
  }

  /** No process a pid file of the cluster names still runs this cluster's config. */
  private static void assertNoClusterProcess(Path dir) throws IOException {
    String config = dir.resolve("cluster.yaml").toAbsolutePath().toString();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path pid : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
            .filter(p -> p.info().commandLine().orElse("").contains(config))
            .ifPresent(p -> {
              p.destroyForcibly();
              throw new AssertionError(pid.getFileName() + ": process " + p.pid()
                  + " still runs");
            });
      }
    }
  }
}
