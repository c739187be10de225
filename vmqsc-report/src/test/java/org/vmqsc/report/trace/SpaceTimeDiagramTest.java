package org.vmqsc.report.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SpaceTimeDiagramTest {
  @TempDir Path dir;

  private static TraceRequest fig2(long from, long to, Integer width, Integer height) {
    return new TraceRequest(ScenarioLoader.load("paper-fig2"), "vmqsc", from, to, null,
        width == null ? TraceRequest.DEFAULT_WIDTH : width, height, null);
  }

  @Test
  void svgIsXmlWithOneLinePerVmAndTheLegend() throws Exception {
    Path out = dir.resolve("fig2.svg");
    SpaceTimeDiagram.Result r = SpaceTimeDiagram.draw(fig2(0, 45_000, null, null), out);

    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.toFile());
    List<String> ids = new ArrayList<>();
    NodeList groups = doc.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      ids.add(((Element) groups.item(i)).getAttribute("id"));
    }
    assertThat(ids).filteredOn(id -> id.startsWith("vm-row-"))
        .containsExactly("vm-row-0", "vm-row-1", "vm-row-2", "vm-row-3");
    assertThat(ids).contains("legend", "messages", "checkpoints", "durable-lines", "manager");
    String text = doc.getDocumentElement().getTextContent();
    assertThat(text).contains("VM0 (MI2) \u00b7 host 0", "VM3 (MI3) \u00b7 host 1",
        "C(1,1)", "line 1", "stable: MI interval log (R6)", "forced checkpoint");
    assertThat(r.format()).isEqualTo(TraceFormat.SVG);
    // Seed 1 forces VM3's checkpoint 4 at 40.007 s: host 0 runs ahead (R2, R3).
    assertThat(r.forced()).isEqualTo(1);
    assertThat(r.r6()).isPositive();
  }

  @Test
  void pngHasTheRequestedSizeAndIsNotBlank() throws Exception {
    Path out = dir.resolve("fig2.png");
    SpaceTimeDiagram.draw(fig2(280_000, 330_000, 1000, 700), out);

    BufferedImage image = ImageIO.read(out.toFile());
    assertThat(image.getWidth()).isEqualTo(1000);
    assertThat(image.getHeight()).isEqualTo(700);
    long white = 0;
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        white += rgb == 0xffffff ? 1 : 0;
        colours.add(rgb);
      }
    }
    assertThat(white).isLessThan(image.getWidth() * (long) image.getHeight() * 95 / 100);
    assertThat(colours.size()).isGreaterThan(50);
  }

  @Test
  void theDefaultHeightFollowsTheRows() throws IOException {
    SpaceTimeDiagram.Result r = SpaceTimeDiagram.draw(fig2(0, 35_000, null, null),
        dir.resolve("a.png"));

    assertThat(r.width()).isEqualTo(TraceRequest.DEFAULT_WIDTH);
    assertThat(r.height()).isBetween(400, 700);
    assertThat(r.vms()).isEqualTo(4);
  }

  @Test
  void badRequestsAreRefusedInOneLine() {
    Scenario fig2 = ScenarioLoader.load("paper-fig2");
    assertThatThrownBy(() -> TraceFormat.of(Path.of("fig.jpg")))
        .isInstanceOf(TraceRequestException.class).hasMessageContaining("'.jpg'")
        .hasMessageContaining(".svg or .png");
    assertThatThrownBy(() -> fig2(35_000, 35_000, null, null).validate())
        .hasMessageContaining("--from 35s must be before --to 35s");
    assertThatThrownBy(() -> fig2(700_000, 710_000, null, null).validate())
        .hasMessageContaining("outside the run").hasMessageContaining("600s");
    Scenario many = fig2.withGroups(List.of(new Scenario.Group("a", 41, 1, -1, 1 << 20)));
    assertThatThrownBy(() -> new TraceRequest(many, "vmqsc", 0, 1000, null, 1400, null, null)
        .validate()).hasMessageContaining("too many VMs to draw: 41").hasMessageContaining("--vms");
    assertThatThrownBy(() -> SpaceTimeDiagram.draw(fig2(0, 35_000, 1400, 200),
        dir.resolve("b.png"))).isInstanceOf(TraceRequestException.class)
        .hasMessageContaining("--height 200 is too small");
  }

  @Test
  void timesAndVmListsAreParsedStrictly() {
    assertThat(TraceRequest.parseMillis("--from", "35s")).isEqualTo(35_000);
    assertThat(TraceRequest.parseMillis("--from", "1.5s")).isEqualTo(1_500);
    assertThat(TraceRequest.parseMillis("--from", "250ms")).isEqualTo(250);
    assertThat(TraceRequest.parseMillis("--from", "0")).isZero();
    assertThatThrownBy(() -> TraceRequest.parseMillis("--to", "35"))
        .hasMessageContaining("--to: '35' is not a time");
    assertThatThrownBy(() -> TraceRequest.parseMillis("--to", "-5s"))
        .hasMessageContaining("not a time");
    assertThat(TraceRequest.parseVms("0,2-3", 4)).containsExactly(0, 2, 3);
    assertThat(TraceRequest.parseVms("3, 0", 4)).containsExactly(0, 3);
    assertThatThrownBy(() -> TraceRequest.parseVms("4", 4)).hasMessageContaining("no VM4");
    assertThatThrownBy(() -> TraceRequest.parseVms("2-9", 4)).hasMessageContaining("no VM9");
    assertThatThrownBy(() -> TraceRequest.parseVms("a", 4)).hasMessageContaining("'a'");
    assertThatThrownBy(() -> TraceRequest.parseVms("3-1", 4)).hasMessageContaining("backwards");
  }
}
