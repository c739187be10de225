package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;

/**
 * Status as data and the event history, on real processes (the paper's Figure 2 cluster, T0 =
 * 1 s): {@code status --json} holds the documented shape (status.schema.json, docs/operations.md)
 * and what the cluster really is; after a VM failure and a host crash, restart and recovery,
 * {@code events} shows them, also after the manager itself was killed and restarted.
 */
class StatusEventsClusterTest {
  static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir Path tmp;
  Path dir;
  ClusterClient client;

  @AfterEach
  void down() throws Exception {
    if (client != null) {
      client.close();
    }
    if (dir != null && Files.isDirectory(dir)) {
      CliRun.of("cluster", "down", "--dir", dir.toString());
      try (Stream<Path> pids = Files.list(dir)) {
        for (Path p : pids.filter(f -> f.toString().endsWith(".pid")).toList()) {
          ProcessHandle.of(Long.parseLong(Files.readString(p).trim()))
              .ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  static JsonNode schema() throws IOException {
    try (InputStream in = StatusJson.class.getResourceAsStream(StatusJson.SCHEMA_RESOURCE)) {
      return MAPPER.readTree(in);
    }
  }

  /** Every field of the schema is named in the doc's "status --json" section, and back. */
  @Test
  void theDocumentNamesEveryFieldOfTheSchema() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "operations.md"));
    String section = doc.substring(doc.indexOf("## status --json"), doc.indexOf("## events"));
    List<String> undocumented = new ArrayList<>();
    SchemaCheck.propertyNames(schema(), name -> {
      if (!section.matches("(?s).*[`.]" + name + "(\\[])?`.*")) {
        undocumented.add(name);
      }
    });
    assertThat(undocumented).as("schema fields missing from docs/operations.md").isEmpty();
    List<String> named = new ArrayList<>();
    SchemaCheck.propertyNames(schema(), named::add);
    section.lines().filter(l -> l.startsWith("| `")).map(l -> l.substring(3, l.indexOf('`', 3)))
        .map(f -> f.substring(f.lastIndexOf('.') + 1).replace("[]", ""))
        .forEach(f -> assertThat(named).as("documented field " + f + " is in the schema")
            .contains(f));
  }

  @Test
  @Timeout(180)
  void statusIsDataAndEventsTellWhatHappened() throws Exception {
    dir = tmp.resolve("c");
    ok(CliRun.of("cluster", "up", "--scenario", "paper-fig2", "--dir", dir.toString(),
        "--period", "1s", "--memory-image", "64KiB"));
    ClusterSpec spec = RuntimeConfig.load(dir.resolve("cluster.yaml"));
    client = new ClusterClient(spec, ClusterSecret.load(spec.secretFile()));
    ClusterProcessesTest.await(() -> client.clusterStatus().getDurableLine() >= 3, 60_000,
        "durable line 3");

    JsonNode status = statusJson();
    assertThat(SchemaCheck.problems(schema(), status)).isEmpty();
    assertThat(status.get("hosts")).hasSize(2);
    assertThat(status.get("vms")).hasSize(4);
    assertThat(status.at("/lines/durable").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(status.at("/recovery/inProgress").asBoolean()).isFalse();
    for (JsonNode vm : status.get("vms")) { // as the hypervisors hold them
      assertThat(vm.get("up").asBoolean()).isTrue();
      assertThat(vm.at("/lastCheckpoint/index").asInt()).isGreaterThanOrEqualTo(0);
      assertThat(status.at("/hosts/" + vm.get("host").asInt() + "/vms").toString())
          .contains(vm.get("vm").asText());
    }
    theCheckerCatchesAShapeThatDrifted(status);
    checkpointNowTakesALineNowAndAnswersOnceItIsDurable(spec);

    ok(CliRun.of("fail", "vm", "0", "--dir", dir.toString()));
    ClusterProcessesTest.await(() -> client.status(0).getVms(0).getUp(), 10_000,
        "vm 0 restored");
    ok(CliRun.of("fail", "host", "1", "--dir", dir.toString()));
    ClusterProcessesTest.await(() -> !client.clusterStatus().getHosts(1).getAlive(), 10_000,
        "host 1 seen failed");
    ok(CliRun.of("restart", "host", "1", "--dir", dir.toString()));
    assertThat(client.clusterStatus().getRecoveries()).isEqualTo(1);

    List<String> kinds = eventKinds();
    assertThat(kinds).containsSubsequence("VM_FAILED", "VM_RESTORED", "HOST_FAILED",
        "HOST_RESTARTED", "RECOVERY_STARTED", "RECOVERY_FINISHED");
    CliRun text = CliRun.of("events", "--dir", dir.toString());
    assertThat(text.out()).contains("vm 0 on host 0 failed", "host 1 failed",
        "recovered hosts [1]");

    ok(CliRun.of("fail", "manager", "--dir", dir.toString()));
    ok(CliRun.of("restart", "manager", "--dir", dir.toString()));
    assertThat(eventKinds()).as("the history outlives the manager process")
        .startsWith(kinds.toArray(String[]::new));

    CliRun watched = CliRun.of("status", "--dir", dir.toString(), "--json", "--watch",
        "--interval", "200ms", "--count", "2");
    ok(watched);
    List<String> lines = watched.out().lines().toList();
    assertThat(lines).hasSize(2);
    for (String l : lines) {
      assertThat(SchemaCheck.problems(schema(), MAPPER.readTree(l))).isEmpty();
    }
    CliRun followed = CliRun.of("events", "--dir", dir.toString(), "--follow", "--json",
        "--count", "3");
    ok(followed);
    assertThat(followed.out().lines().map(l -> read(l).get("seq").asLong()).toList())
        .containsExactly(1L, 2L, 3L);

    ok(CliRun.of("cluster", "down", "--dir", dir.toString()));
    imagesVerifyFindsOneFlippedByte();
  }

  /**
   * {@code images verify} passes on what the cluster left, and fails (exit 1, naming the object)
   * once one byte of one checkpoint object is flipped; {@code list}, which does not read
   * checkpoints through, still exits 0.
   */
  private void imagesVerifyFindsOneFlippedByte() throws IOException {
    CliRun clean = CliRun.of("images", "verify", "--dir", dir.toString(), "--json");
    ok(clean);
    JsonNode inventory = MAPPER.readTree(clean.out());
    assertThat(inventory.get("damaged").asInt()).isZero();
    List<String> checkpointVms = new ArrayList<>();
    inventory.get("objects").forEach(o -> {
      if (o.get("kind").asText().equals("ckpt")) {
        checkpointVms.add(o.get("vm").asText());
        assertThat(o.get("crc").asText()).isEqualTo("ok");
      }
    });
    assertThat(checkpointVms).contains("0", "1", "2", "3");
    assertThat(inventory.toString()).contains(".seg@"); // log records, in their segments

    Path victim;
    try (Stream<Path> files = Files.walk(dir.resolve("storage").resolve("vm-2"))) {
      victim = files.filter(f -> f.getFileName().toString().startsWith("ckpt_")).sorted()
          .reduce((a, b) -> b).orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(victim);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(victim, bytes);
    CliRun damaged = CliRun.of("images", "verify", "--dir", dir.toString());
    assertThat(damaged.exitCode()).as(damaged.out() + damaged.err()).isEqualTo(1);
    assertThat(damaged.out()).containsPattern("damaged +\\S*" + victim.getFileName())
        .contains("1 DAMAGED");
    assertThat(CliRun.of("images", "list", "--dir", dir.toString()).exitCode()).isZero();
  }

  /**
   * {@code checkpoint now} answers a line X above the durable line it found; by then every VM's
   * hypervisor crossed into X before its clock's tick of X (its own journal says when), and
   * stable storage holds the checkpoint each VM stands on in line X: at X for a VM due there.
   */
  private void checkpointNowTakesALineNowAndAnswersOnceItIsDurable(ClusterSpec spec)
      throws Exception {
    long epoch = org.vmqsc.runtime.manager.ManagerStateFile.load(dir.resolve("manager.state"),
        4).epochMillis();
    long period = spec.basePeriodMillis();
    while ((System.currentTimeMillis() - epoch) % period > period / 10) {
      // ask right after a tick: the request then has most of a period to reach the hosts
      // before their clocks' tick of X, also on a loaded machine (it missed once at load 25)
      Thread.sleep(5);
    }
    int before = client.clusterStatus().getDurableLine();
    CliRun r = CliRun.of("checkpoint", "now", "--dir", dir.toString(), "--json");
    ok(r);
    int x = MAPPER.readTree(r.out()).get("line").asInt();
    List<String> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(dir.resolve("storage"))) {
      all.forEach(f -> files.add(dir.resolve("storage").relativize(f).toString()));
    }
    assertThat(x).isGreaterThan(before);
    assertThat(client.clusterStatus().getDurableLine()).isGreaterThanOrEqualTo(x);
    for (int vm = 0; vm < 4; vm++) {
      int k = spec.topology().k(vm);
      int base = x - Math.floorMod(x, k); // the checkpoint a VM stands on in line X (R4)
      String name = "vm-" + vm + "/ckpt_" + base + "_.*\\.item";
      assertThat(files).as("vm " + vm + " (k " + k + ") in line " + x)
          .anyMatch(f -> f.matches(name));
    }
    for (int vm = 0; vm < 4; vm++) {
      int v = vm;
      assertThat(client.journals()).as("vm " + vm + " crossed into " + x + " ahead of its tick")
          .anyMatch(e -> e.getVm() == v && e.getKind()
              == org.vmqsc.runtime.proto.JournalEntry.Kind.CROSSED && e.getFromIndex() < x
              && e.getIndex() >= x && e.getAtMillis() < epoch + x * period);
    }
    assertThat(eventKinds()).contains("CHECKPOINT_REQUESTED", "CHECKPOINT_DURABLE");
  }

  /** The check can fail: a key dropped, a type changed, a key added are each reported. */
  private static void theCheckerCatchesAShapeThatDrifted(JsonNode status) throws IOException {
    ObjectNode dropped = status.deepCopy();
    ((ObjectNode) dropped.get("lines")).remove("durable");
    assertThat(SchemaCheck.problems(schema(), dropped)).containsExactly("$.lines: no durable");
    ObjectNode retyped = status.deepCopy();
    ((ObjectNode) retyped.get("vms").get(0)).put("index", "7");
    assertThat(SchemaCheck.problems(schema(), retyped)).hasSize(1);
    ObjectNode added = status.deepCopy();
    ((ObjectNode) added.get("hosts").get(1)).put("color", "red");
    assertThat(SchemaCheck.problems(schema(), added)).hasSize(1);
  }

  private JsonNode statusJson() throws IOException {
    CliRun r = CliRun.of("status", "--dir", dir.toString(), "--json");
    ok(r);
    assertThat(r.out().lines().count()).as("one object, one line").isEqualTo(1);
    return MAPPER.readTree(r.out());
  }

  private List<String> eventKinds() throws IOException {
    CliRun r = CliRun.of("events", "--dir", dir.toString(), "--json");
    ok(r);
    JsonNode root = MAPPER.readTree(r.out());
    assertThat(root.get("schema").asInt()).isEqualTo(1);
    List<String> kinds = new ArrayList<>();
    root.get("events").forEach(e -> kinds.add(e.get("kind").asText()));
    return kinds;
  }

  private static JsonNode read(String line) {
    try {
      return MAPPER.readTree(line);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  private void ok(CliRun r) throws IOException {
    if (r.exitCode() != 0) {
      StringBuilder logs = new StringBuilder(r.out() + r.err());
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
          String text = Files.readString(f);
          logs.append("\n--- ").append(f.getFileName()).append(" (tail)\n")
              .append(text.substring(Math.max(0, text.length() - 4000)));
        }
      }
      throw new AssertionError(logs.toString());
    }
  }
}
