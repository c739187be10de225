package org.vmqsc.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmqsc.runtime.cluster.Fig2Cluster.await;
import static org.vmqsc.runtime.cluster.Fig2Cluster.fig2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.runtime.metrics.Exposition;
import org.vmqsc.runtime.proto.VmStatus;

/**
 * The manager's dashboard as a person sees it (docs/operations.md "Dashboard"): the Figure 2
 * cluster live in this JVM, VM 0 failed and restored, the page loaded from the manager's metrics
 * port by headless Chromium with its script run. The DOM must hold both hosts, the four VMs, the
 * lines as the manager held them while the page polled, VM 0's failure among the events and the
 * checkpoints in the space-time strip; the screenshot must show something drawn. Skipped only
 * where Chromium is not installed (CI installs it: .ci/run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardInBrowserTest {
  private static final List<String> CHROMIUM = List.of("/usr/bin/chromium",
      "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
  private static final long CHROMIUM_SECONDS = 120;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Fig2Cluster c;
  int port;

  @BeforeAll
  void startAndFailVm0(@TempDir Path clusterDir) throws Exception {
    c = Fig2Cluster.startServingMetrics(fig2(clusterDir));
    port = c.manager.servedMetricsPort();
    await(() -> c.client.clusterStatus().getDurableLine() >= 2, 20_000, "durable line >= 2");
    assertThat(c.client.failVm(0)).isTrue();
    await(() -> c.client.status(c.client.hostOf(0)).getVms(0).getUp(), 10_000, "vm 0 restored");
    await(() -> c.client.events(0).stream().anyMatch(e -> e.getKind().equals("VM_FAILED")),
        10_000, "the manager heard of vm 0's failure");
  }

  @AfterAll
  void stop() throws Exception {
    if (c != null) {
      c.close();
    }
  }

  @Test
  void apiStateIsTheManagersStateAndTheHostsReports() throws Exception {
    int durableBefore = c.client.clusterStatus().getDurableLine();
    JsonNode s = JSON.readTree(Exposition.get(port, "/api/state").body());
    int durableAfter = c.client.clusterStatus().getDurableLine();

    assertThat(s.path("schema").asInt()).isEqualTo(1);
    assertThat(s.path("protocol").asText()).isEqualTo(c.spec.protocol());
    assertThat(s.path("basePeriodMillis").asLong()).isEqualTo(Fig2Cluster.T0);
    assertThat(s.path("lines").path("durable").asInt()).isBetween(durableBefore, durableAfter);
    assertThat(s.path("hosts")).hasSize(2);
    assertThat(s.path("vms")).hasSize(4);
    for (JsonNode v : s.path("vms")) {
      int vm = v.path("vm").asInt();
      int host = v.path("host").asInt();
      VmStatus now = c.client.status(host).getVmsList().stream().filter(x -> x.getVm() == vm)
          .findFirst().orElseThrow();
      assertThat(v.path("lastCheckpoint").path("index").asInt()).as("vm %d", vm)
          .isPositive().isLessThanOrEqualTo(now.getLastCheckpoint());
      assertThat(v.path("checkpoints").size()).as("vm %d checkpoints seen", vm).isPositive();
    }
    assertThat(s.path("events").findValuesAsText("kind")).contains("VM_FAILED", "VM_RESTORED");
    assertThat(s.toString()).doesNotContain(Files.readString(c.spec.secretFile()).strip());
    assertThat(Exposition.get(port, "/no-such-page").statusCode()).isEqualTo(404);
    assertThat(Exposition.get(port, "/dashboard.js").body()).contains("/api/state");
  }

  @Test
  void theDashboardInChromiumShowsHostsVmsLinesEventsAndTheStrip() throws Exception {
    String chromium = chromium();
    int durableBefore = c.client.clusterStatus().getDurableLine();
    String dom = run(chromium, "--window-size=1400,1200", "--virtual-time-budget=4000",
        "--dump-dom", "http://127.0.0.1:" + port + "/");
    int durableAfter = c.client.clusterStatus().getDurableLine();

    assertThat(attributes(dom, "tr", "data-host")).as(head(dom)).containsExactly("0", "1");
    assertThat(attributes(dom, "tr", "data-vm")).containsExactly("0", "1", "2", "3");
    int shownDurable = Integer.parseInt(attributes(dom, "strong id=\"durable\"", "data-value")
        .get(0));
    assertThat(shownDurable).isPositive().isBetween(durableBefore, durableAfter);
    int shownTaken = Integer.parseInt(attributes(dom, "strong id=\"taken\"", "data-value").get(0));
    assertThat(shownTaken).isGreaterThanOrEqualTo(shownDurable);
    assertThat(attributes(dom, "li", "data-kind")).contains("VM_FAILED", "VM_RESTORED");
    assertThat(attributes(dom, "circle", "data-vm")).as("checkpoint marks in the strip")
        .contains("0", "1", "2", "3");
    assertThat(attributes(dom, "polyline", "data-points")).hasSize(2);
    assertThat(dom).contains("live ").doesNotContain("manager not answering");
  }

  @Test
  void theScreenshotShowsTheDashboardDrawn() throws Exception {
    String chromium = chromium();
    Path shot = Path.of("target", "dashboard.png").toAbsolutePath(); // docs/dashboard.png's source
    Files.createDirectories(shot.getParent());
    Files.deleteIfExists(shot);
    run(chromium, "--window-size=1400,1000", "--virtual-time-budget=4000",
        "--screenshot=" + shot, "http://127.0.0.1:" + port + "/");

    BufferedImage image = ImageIO.read(shot.toFile());
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1400);
    Set<Integer> colours = new HashSet<>();
    int blue = 0;
    int green = 0;
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        blue += rgb == 0x1a73e8 ? 1 : 0; // the taken line and the checkpoint marks
        green += rgb == 0x137333 ? 1 : 0; // the durable line, "alive" and "up"
      }
    }
    assertThat(colours).as("distinct colours").hasSizeGreaterThan(20);
    assertThat(blue).as("taken-line and checkpoint pixels").isGreaterThan(100);
    assertThat(green).as("durable-line and state pixels").isGreaterThan(100);
  }

  /** The values of {@code attribute} on the elements whose start tag begins {@code tag}. */
  private static List<String> attributes(String dom, String tag, String attribute) {
    Matcher m = Pattern.compile("<" + tag + "[^>]*?\\s" + attribute + "=\"([^\"]*)\"")
        .matcher(dom);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String chromium() {
    for (String c : CHROMIUM) {
      if (new File(c).canExecute()) {
        return c;
      }
    }
    Assumptions.assumeTrue(false, "chromium is not installed (.ci/run installs it)");
    return null;
  }

  /** Headless Chromium with a fresh profile, offline but for 127.0.0.1; its stdout. */
  private String run(String chromium, String... args) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(dir, "profile");
    List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox",
        "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--user-data-dir=" + profile));
    command.addAll(List.of(args));
    Path out = dir.resolve("chromium.out");
    Path err = dir.resolve("chromium.err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(CHROMIUM_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("chromium did not finish in " + CHROMIUM_SECONDS + " s: "
            + head(Files.readString(err)));
      }
    } finally {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as(head(Files.readString(err))).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String head(String text) {
    return text.length() <= 3_000 ? text : text.substring(0, 3_000) + "...";
  }
}
