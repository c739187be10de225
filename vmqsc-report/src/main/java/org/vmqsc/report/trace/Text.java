package org.vmqsc.report.trace;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;

/** Measuring and placing text the same way for the layout (before any drawing) and the painters. */
final class Text {
  private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

  private Text() {}

  static double width(Font f, String s) {
    return f.getStringBounds(s, FRC).getWidth();
  }

  static void draw(Graphics2D g, Font f, String s, double x, double y) {
    g.setFont(f);
    g.drawString(s, (float) x, (float) y);
  }

  /** Centred on x, baseline at y. */
  static void centred(Graphics2D g, Font f, String s, double x, double y) {
    draw(g, f, s, x - width(f, s) / 2, y);
  }

  static void rightAligned(Graphics2D g, Font f, String s, double x, double y) {
    draw(g, f, s, x - width(f, s), y);
  }
}
