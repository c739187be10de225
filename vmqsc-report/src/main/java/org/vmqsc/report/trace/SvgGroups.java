package org.vmqsc.report.trace;

import java.awt.Graphics2D;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/** Named {@code <g>} groups in the SVG output (rows, legend...), so the file can be inspected
 * and styled; a no-op when drawing into an image. */
final class SvgGroups {
  private SvgGroups() {}

  static void begin(Graphics2D g, String id) {
    if (g instanceof SVGGraphics2D) {
      g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, id);
    }
  }

  static void end(Graphics2D g) {
    if (g instanceof SVGGraphics2D) {
      g.setRenderingHint(SVGHints.KEY_END_GROUP, Boolean.TRUE);
    }
  }
}
