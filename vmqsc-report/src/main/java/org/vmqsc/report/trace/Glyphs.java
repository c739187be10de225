package org.vmqsc.report.trace;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** The marks of a space-time diagram, drawn the same in the picture and in its legend. */
final class Glyphs {
  static final double BOX = 9;

  private Glyphs() {}

  /** A message from (x1, y1) to (x2, y2) with an arrowhead, or a hollow circle if re-delivered. */
  static void message(Graphics2D g, double x1, double y1, double x2, double y2,
      boolean hollowHead) {
    g.draw(new Line2D.Double(x1, y1, x2, y2));
    double angle = Math.atan2(y2 - y1, x2 - x1);
    if (hollowHead) {
      double r = 3.2;
      Color c = g.getColor();
      double cx = x2 - Math.cos(angle) * r;
      double cy = y2 - Math.sin(angle) * r;
      Ellipse2D dot = new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
      g.setColor(Color.WHITE);
      g.fill(dot);
      g.setColor(c);
      g.setStroke(TraceStyle.THIN);
      g.draw(dot);
      return;
    }
    arrowHead(g, x2, y2, angle, 7, 3.2);
  }

  static void arrowHead(Graphics2D g, double x, double y, double angle, double len, double half) {
    double bx = x - Math.cos(angle) * len;
    double by = y - Math.sin(angle) * len;
    Path2D head = new Path2D.Double();
    head.moveTo(x, y);
    head.lineTo(bx + Math.sin(angle) * half, by - Math.cos(angle) * half);
    head.lineTo(bx - Math.sin(angle) * half, by + Math.cos(angle) * half);
    head.closePath();
    g.fill(head);
  }

  /** Basic: a filled black square; forced: a hollow red one. */
  static void checkpoint(Graphics2D g, double x, double y, boolean forced) {
    Rectangle2D box = new Rectangle2D.Double(x - BOX / 2, y - BOX / 2, BOX, BOX);
    if (forced) {
      g.setColor(Color.WHITE);
      g.fill(box);
      g.setColor(TraceStyle.FORCED);
      g.setStroke(TraceStyle.FORCED_BOX);
      g.draw(box);
    } else {
      g.setColor(TraceStyle.CHECKPOINT);
      g.fill(box);
    }
  }

  static void cross(Graphics2D g, double x, double y, double half) {
    g.setColor(TraceStyle.FAILURE);
    g.setStroke(TraceStyle.CROSS);
    g.draw(new Line2D.Double(x - half, y - half, x + half, y + half));
    g.draw(new Line2D.Double(x - half, y + half, x + half, y - half));
  }

  /** The durable line advanced: a filled diamond. */
  static void diamond(Graphics2D g, double x, double y, double half) {
    Path2D d = new Path2D.Double();
    d.moveTo(x, y - half);
    d.lineTo(x + half, y);
    d.lineTo(x, y + half);
    d.lineTo(x - half, y);
    d.closePath();
    g.setColor(TraceStyle.DURABLE);
    g.fill(d);
  }

  /** The taken line advanced: a hollow downward triangle. */
  static void triangle(Graphics2D g, double x, double y, double half) {
    Path2D t = new Path2D.Double();
    t.moveTo(x - half, y - half);
    t.lineTo(x + half, y - half);
    t.lineTo(x, y + half);
    t.closePath();
    g.setColor(TraceStyle.TAKEN);
    g.setStroke(TraceStyle.THIN);
    g.draw(t);
  }

  /** A back-arrow arching above a row from x1 (now) back to x0 (the restored point). */
  static void backArrow(Graphics2D g, double x1, double x0, double y, double rise) {
    Path2D arc = new Path2D.Double();
    arc.moveTo(x1, y - 2);
    arc.curveTo(x1, y - rise, x0, y - rise, x0, y - 2);
    g.setStroke(TraceStyle.ROLLBACK_ARROW);
    g.draw(arc);
    arrowHead(g, x0, y - 2, Math.PI / 2, 7, 3.5);
  }
}
