package org.vmqsc.report.trace;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;

/** The output format, chosen by the file's extension; the same painting code serves both. */
public enum TraceFormat {
  SVG, PNG;

  /** SVG or PNG by {@code out}'s extension; anything else is refused. */
  public static TraceFormat of(Path out) {
    String name = out.getFileName() == null ? "" : out.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".svg")) {
      return SVG;
    }
    if (lower.endsWith(".png")) {
      return PNG;
    }
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "no extension" : "extension '" + name.substring(dot) + "'";
    throw new TraceRequestException("--out " + out + ": " + ext
        + " is not supported (use .svg or .png)");
  }

  void write(Path out, int width, int height, Consumer<Graphics2D> painter) throws IOException {
    if (this == SVG) {
      SVGGraphics2D g = new SVGGraphics2D(width, height);
      painter.accept(g);
      // No DOCTYPE (SVG 2 has none): readers would try to fetch the SVG 1.1 DTD from w3.org.
      Files.writeString(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + g.getSVGElement() + "\n", StandardCharsets.UTF_8);
      return;
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      painter.accept(g);
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(image, "png", out.toFile())) {
      throw new IOException("no PNG writer available");
    }
  }
}
