package org.vmqsc.report.trace;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;

/** The frame: title, stretched spans, base-period grid and axis, and one time line per VM. */
final class FramePainter {
  private final Graphics2D g;
  private final Trace trace;
  private final TraceLayout layout;

  FramePainter(Graphics2D g, Trace trace, TraceLayout layout) {
    this.g = g;
    this.trace = trace;
    this.layout = layout;
  }

  void background() {
    g.setColor(Color.WHITE);
    g.fill(new Rectangle2D.Double(0, 0, layout.width, layout.height));
  }

  void title(String title, String subtitle) {
    g.setColor(TraceStyle.INK);
    Text.draw(g, TraceStyle.TITLE, title, 14, 22);
    g.setColor(TraceStyle.MUTED);
    Text.draw(g, TraceStyle.SMALL, subtitle, 14, 40);
  }

  /** Shaded stretched spans around kT0, each with its radius under the axis. */
  void stretchedSpans() {
    double top = layout.stripY - 10;
    for (TimeAxis.Span s : layout.axis.spans()) {
      double x0 = layout.x(s.fromMillis());
      double x1 = layout.x(s.toMillis());
      g.setColor(TraceStyle.STRETCH);
      g.fill(new Rectangle2D.Double(x0, top, x1 - x0, layout.axisY - top));
      g.setColor(TraceStyle.MUTED);
      String r = "\u00b1" + millis(layout.axis.radiusMillis());
      if (Text.width(TraceStyle.SMALL, r) < (x1 - x0) / 2 - 6) {
        Text.draw(g, TraceStyle.SMALL, r, x0 + 3, layout.axisY - 4);
      }
    }
  }

  /** Dashed verticals at every kT0 (labelled "kT0" and seconds) the labels have room for. */
  void grid() {
    long t0 = trace.basePeriodMillis();
    long from = layout.axis.fromMillis();
    long to = layout.axis.toMillis();
    double lastLabelRight = Double.NEGATIVE_INFINITY;
    g.setColor(TraceStyle.INK);
    g.setStroke(TraceStyle.THIN);
    g.draw(new Line2D.Double(layout.left, layout.axisY, layout.right, layout.axisY));
    for (long k = (from + t0 - 1) / t0; k * t0 <= to; k++) {
      double x = layout.x(k * t0);
      g.setColor(TraceStyle.GRID);
      g.setStroke(TraceStyle.GRID_DASH);
      g.draw(new Line2D.Double(x, layout.stripY - 10, x, layout.axisY));
      g.setColor(TraceStyle.INK);
      g.setStroke(TraceStyle.THIN);
      g.draw(new Line2D.Double(x, layout.axisY, x, layout.axisY + 5));
      String name = k == 0 ? "0" : (k == 1 ? "" : Long.toString(k)) + "T\u2080";
      String secs = millis(k * t0);
      double w = Math.max(Text.width(TraceStyle.LABEL, name), Text.width(TraceStyle.SMALL, secs));
      if (x - w / 2 > lastLabelRight + 8) {
        Text.centred(g, TraceStyle.LABEL, name, x, layout.axisY + 18);
        g.setColor(TraceStyle.MUTED);
        Text.centred(g, TraceStyle.SMALL, secs, x, layout.axisY + 30);
        lastLabelRight = x + w / 2;
      }
    }
  }

  /** One line per VM, labelled; dashed red while the VM is down; ends where the run ends. */
  void rows() {
    double endX = Math.min(layout.right, layout.x(trace.endMillis()));
    for (int vm : layout.vms()) {
      SvgGroups.begin(g, "vm-row-" + vm);
      double y = layout.y(vm);
      g.setColor(TraceStyle.INK);
      Text.rightAligned(g, TraceStyle.LABEL, trace.topology().label(vm), layout.left - 12, y + 4);
      g.setStroke(TraceStyle.ROW);
      g.draw(new Line2D.Double(layout.left, y, endX, y));
      for (Trace.Down d : trace.downtimes()) {
        if (d.vm() == vm) {
          double x0 = layout.x(d.fromMillis());
          double x1 = layout.x(d.toMillis());
          g.setColor(Color.WHITE);
          g.setStroke(new java.awt.BasicStroke(4f));
          g.draw(new Line2D.Double(x0, y, x1, y));
          g.setColor(TraceStyle.DOWN);
          g.setStroke(TraceStyle.DOWN_DASH);
          g.draw(new Line2D.Double(x0, y, x1, y));
        }
      }
      SvgGroups.end(g);
    }
    if (endX < layout.right) {
      g.setColor(TraceStyle.MUTED);
      g.setStroke(TraceStyle.THIN);
      g.draw(new Line2D.Double(endX, layout.firstRowY() - 20, endX, layout.lastRowY() + 10));
      Text.draw(g, TraceStyle.SMALL, "end of run", endX + 4, layout.firstRowY() - 12);
    }
  }

  /** "12s", "1.25s", "150ms": the shortest exact form. */
  static String millis(long ms) {
    if (ms != 0 && Math.abs(ms) < 1000) {
      return ms + "ms";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return String.format(Locale.ROOT, "%.3fs", ms / 1000.0).replaceAll("0+s$", "s");
  }
}
