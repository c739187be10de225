package org.vmqsc.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Checks that a chart file is a real, non-empty picture. */
final class ChartFiles {
  private ChartFiles() {}

  /** Decodes as PNG, at the chart size, and is not one flat colour. */
  static void assertPng(Path file) throws IOException {
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).as(file.toString()).isNotNull();
    assertThat(image.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(image.getHeight()).isEqualTo(Charts.HEIGHT);
    assertThat(distinctColours(image)).as(file + " colours").isGreaterThan(2);
  }

  /** Parses as XML (no DTD fetched) with an svg root of the chart's size and some drawing. */
  static void assertSvg(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = f.newDocumentBuilder().parse(file.toFile());
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(doc.getDocumentElement().getAttribute("viewBox"))
        .isEqualTo("0 0 " + Charts.WIDTH + " " + Charts.HEIGHT);
    assertThat(doc.getElementsByTagNameNS("*", "path").getLength()).isGreaterThan(10);
    assertThat(Files.size(file)).isGreaterThan(1_000);
  }

  private static int distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
