package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.vmqsc.runtime.cluster.FreePorts;
import org.vmqsc.runtime.log.LogSettings;
import org.vmqsc.runtime.log.ProcessLogging;

/**
 * A process's logs as an operator reads them: a hypervisor whose manager is not up yet (the
 * connection refused while a peer starts) says so in one line without a stack trace, in
 * DIR/logs/host-H.log, as text or as JSON lines; the file rolls over at its size, keeping a
 * bounded number; gRPC's java.util.logging lines obey the same levels.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessLogsTest {
  /** time, level, process, logger, message: one line per event. */
  private static final String LINE = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* "
      + "(TRACE|DEBUG|INFO |WARN |ERROR) %s \\S+ - .*";
  private static final String REFUSED = "does not answer yet";

  @TempDir Path dir;
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    ProcessLogging.restoreDefaults();
  }

  @Test
  void aManagerNotUpYetIsOneLineWithoutAStackTraceAsTextOrJson() throws Exception {
    int[] ports = FreePorts.pick(5); // nothing listens on the manager's
    Files.writeString(dir.resolve("secret"), "0123456789abcdef".repeat(4) + "\n");
    Files.setPosixFilePermissions(dir.resolve("secret"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.writeString(dir.resolve(RuntimeConfig.FILE_NAME), RuntimeConfig.render(
        new java.util.LinkedHashMap<>(java.util.Map.of("scenario", "paper-fig2",
            "dir", dir.toString(), "managerPort", ports[0],
            "relayPorts", List.of(ports[1], ports[2]),
            "controlPorts", List.of(ports[3], ports[4])))));
    org.vmqsc.runtime.cluster.ClusterTls.issue(RuntimeConfig.load(
        dir.resolve(RuntimeConfig.FILE_NAME))); // as cluster up does: every process's certificate
    start("hypervisor", "--id", "0", "--config", dir.resolve("cluster.yaml").toString());
    start("hypervisor", "--id", "1", "--config", dir.resolve("cluster.yaml").toString(),
        "--log-format", "json");
    Path text = dir.resolve("logs/host-0.log");
    Path json = dir.resolve("logs/host-1.log");
    ClusterDir.await(() -> contains(text, REFUSED) && contains(json, REFUSED), 60_000);
    // After 60 s of asking it gives up: one line saying what to do, no trace either.
    assertThat(started.get(0).waitFor(150, TimeUnit.SECONDS)).as("host-0 gave up").isTrue();
    assertThat(started.get(0).exitValue()).isEqualTo(ErrorHandling.UNREACHABLE);
    List<String> console = Files.readAllLines(dir.resolve("console-0.txt"));
    assertThat(console).as("host-0's console").noneMatch(l -> l.startsWith("\tat ")
        || l.contains("Exception"))
        .anyMatch(l -> l.startsWith("vmqsc: host 0: the manager at ") && l.contains("start it"));

    List<String> lines = Files.readAllLines(text);
    assertThat(lines).as("host-0's log").anyMatch(l -> l.matches(String.format(LINE, "host-0"))
        && l.contains(REFUSED) && l.contains("UNAVAILABLE") && l.contains("Connection refused"));
    assertThat(lines).as("every line is one event").allMatch(l -> l.matches(
        String.format(LINE, "host-0")));
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String l : Files.readAllLines(json)) {
      events.add(mapper.readTree(l)); // throws unless the line is one JSON object
    }
    assertThat(events).isNotEmpty().allSatisfy(e -> {
      assertThat(e.isObject()).isTrue();
      assertThat(e.path("context").path("properties").path("process").asText())
          .isEqualTo("host-1");
      assertThat(e.path("level").asText()).isIn("INFO", "WARN", "ERROR", "DEBUG", "TRACE");
    });
    JsonNode refused = events.stream().filter(e -> e.path("formattedMessage").asText()
        .contains(REFUSED)).findFirst().orElseThrow();
    assertThat(refused.path("level").asText()).isEqualTo("WARN");
    assertThat(refused.path("throwable").isNull()).as("no stack trace").isTrue();
  }

  /**
   * Past its size the file rolls over to NAME.1.log, NAME.2.log, ..., and no more files than
   * the config keeps; every one holds the process's lines.
   */
  @Test
  void theFileRollsOverAtItsSizeAndKeepsABoundedNumber() throws Exception {
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    ProcessLogging.configure(new LogSettings("host-7", "info", LogSettings.Format.TEXT, logs,
        1024, 2, "off"));
    org.slf4j.Logger log = LoggerFactory.getLogger("org.vmqsc.test.Rolling");
    long deadline = System.currentTimeMillis() + 20_000;
    // Well past two rollovers: the size is looked at once a second.
    for (int i = 0; System.currentTimeMillis() < deadline
        && !(Files.exists(logs.resolve("host-7.2.log")) && i > 400); i++) {
      log.info("line {} of a chatty process", i);
      Thread.sleep(5);
    }
    assertThat(logs.resolve("host-7.2.log")).exists();
    try (var files = Files.list(logs)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("host-7.1.log", "host-7.2.log", "host-7.log");
    }
    for (String f : List.of("host-7.1.log", "host-7.2.log")) {
      assertThat(Files.readAllLines(logs.resolve(f))).as(f).isNotEmpty()
          .allMatch(l -> l.matches(String.format(LINE, "host-7")) && l.contains("chatty"));
    }
  }

  /**
   * gRPC writes to java.util.logging: bridged, its INFO stays out (libraries at WARN), its
   * warnings come in as ours do; an unexpected exception keeps its trace.
   */
  @Test
  void grpcsJavaUtilLoggingObeysTheSameLevels() throws Exception {
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    ProcessLogging.configure(new LogSettings("manager", "info", LogSettings.Format.TEXT, logs,
        1 << 20, 1, "off"));
    java.util.logging.Logger grpc = java.util.logging.Logger.getLogger("io.grpc.internal.Fake");
    grpc.info("a channel reconnects");
    grpc.warning("a channel gave up");
    LoggerFactory.getLogger("org.vmqsc.test.Ours").info("host 1 joined");
    LoggerFactory.getLogger("org.vmqsc.test.Ours").error("event failed",
        new IllegalStateException("a bug"));
    String all = Files.readString(logs.resolve("manager.log"));
    assertThat(all).doesNotContain("a channel reconnects").contains("a channel gave up",
        "host 1 joined", "event failed", "java.lang.IllegalStateException: a bug")
        .containsPattern("\n\\s+at org\\.vmqsc\\.cli\\.ProcessLogsTest");
  }

  private void start(String... args) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("console-" + started.size() + ".txt").toFile()).start();
    p.getOutputStream().close();
    started.add(p);
  }

  private static boolean contains(Path f, String text) {
    try {
      return Files.exists(f) && Files.readString(f).contains(text);
    } catch (IOException e) {
      return false;
    }
  }
}
