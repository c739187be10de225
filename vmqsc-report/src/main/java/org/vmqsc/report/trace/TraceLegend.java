package org.vmqsc.report.trace;

import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/** The key to every mark, flowed into rows under the time axis. */
final class TraceLegend {
  private static final double GLYPH = 30;
  private static final double ROW = 20;
  private static final double SPACING = 20;

  private interface Glyph {
    /** Draws the sample, {@link #GLYPH} wide, centred vertically on y. */
    void draw(Graphics2D g, double x, double y);
  }

  private record Entry(String text, Glyph glyph) {}

  /** Entries that appear only when the picture has such marks. */
  record Content(boolean stretched, boolean otherRecords) {}

  private TraceLegend() {}

  private static List<Entry> entries(Content content) {
    List<Entry> e = new ArrayList<>();
    e.add(new Entry("volatile log only (R5)", message(Trace.Stable.VOLATILE, false, false)));
    e.add(new Entry("stable: MI interval log (R6)", message(Trace.Stable.R6, false, false)));
    e.add(new Entry("stable: crossed a boundary backwards (R8)",
        message(Trace.Stable.R8, false, false)));
    if (content.otherRecords()) {
      e.add(new Entry("stable: baseline receipt/channel record",
          message(Trace.Stable.OTHER, false, false)));
    }
    e.add(new Entry("dashed: cross-host, logged on both HVs (R7)",
        message(Trace.Stable.VOLATILE, true, false)));
    e.add(new Entry("forced a checkpoint (R3)", (g, x, y) -> {
      g.setColor(TraceStyle.FORCED_HALO);
      g.setStroke(new java.awt.BasicStroke(6f));
      g.draw(new Line2D.Double(x + 2, y, x + GLYPH - 6, y));
      message(Trace.Stable.VOLATILE, false, false).draw(g, x, y);
    }));
    e.add(new Entry("re-delivered after rollback", message(Trace.Stable.VOLATILE, false, true)));
    e.add(new Entry("faded: undone by rollback", (g, x, y) -> {
      g.setColor(TraceStyle.faded(TraceStyle.R6));
      g.setStroke(TraceStyle.messageStroke(Trace.Stable.R6, false));
      Glyphs.message(g, x + 2, y, x + GLYPH - 2, y, false);
    }));
    e.add(new Entry("basic checkpoint C(i,x)", (g, x, y) -> {
      row(g, x, y);
      Glyphs.checkpoint(g, x + GLYPH / 2, y, false);
    }));
    e.add(new Entry("forced checkpoint", (g, x, y) -> {
      row(g, x, y);
      Glyphs.checkpoint(g, x + GLYPH / 2, y, true);
    }));
    e.add(new Entry("durable line x through its checkpoints", (g, x, y) -> {
      g.setColor(TraceStyle.DURABLE);
      g.setStroke(TraceStyle.LINE);
      g.draw(new Line2D.Double(x + 4, y - 6, x + GLYPH / 2, y + 6));
      g.draw(new Line2D.Double(x + GLYPH / 2, y + 6, x + GLYPH - 4, y - 6));
    }));
    e.add(new Entry("dotted: MI VM = checkpoint + stable logs", (g, x, y) -> {
      g.setColor(TraceStyle.DURABLE);
      g.setStroke(TraceStyle.LINE_LOGS);
      g.draw(new Line2D.Double(x + 2, y, x + GLYPH - 2, y));
    }));
    e.add(new Entry("manager: taken / durable line moved", (g, x, y) -> {
      Glyphs.triangle(g, x + 8, y, 5);
      Glyphs.diamond(g, x + GLYPH - 8, y, 5);
    }));
    e.add(new Entry("failure", (g, x, y) -> Glyphs.cross(g, x + GLYPH / 2, y, 5)));
    e.add(new Entry("VM down", (g, x, y) -> {
      g.setColor(TraceStyle.DOWN);
      g.setStroke(TraceStyle.DOWN_DASH);
      g.draw(new Line2D.Double(x + 2, y, x + GLYPH - 2, y));
    }));
    e.add(new Entry("rollback / restore (R9), undone work", (g, x, y) -> {
      g.setColor(TraceStyle.UNDONE_BAND);
      g.fill(new Rectangle2D.Double(x + 2, y - 5, GLYPH - 4, 10));
      g.setColor(TraceStyle.ROLLBACK);
      Glyphs.backArrow(g, x + GLYPH - 3, x + 5, y + 2, 14);
    }));
    if (content.stretched()) {
      e.add(new Entry("shaded: time stretched around kT0", (g, x, y) -> {
        g.setColor(TraceStyle.STRETCH);
        g.fill(new Rectangle2D.Double(x + 4, y - 8, GLYPH - 8, 16));
        g.setColor(TraceStyle.GRID);
        g.setStroke(TraceStyle.GRID_DASH);
        g.draw(new Line2D.Double(x + GLYPH / 2, y - 8, x + GLYPH / 2, y + 8));
      }));
    }
    return e;
  }

  private static Glyph message(Trace.Stable s, boolean crossHost, boolean hollow) {
    return (g, x, y) -> {
      g.setColor(TraceStyle.messageColor(s));
      g.setStroke(TraceStyle.messageStroke(s, crossHost));
      Glyphs.message(g, x + 2, y, x + GLYPH - 2, y, hollow);
    };
  }

  private static void row(Graphics2D g, double x, double y) {
    g.setColor(TraceStyle.INK);
    g.setStroke(TraceStyle.ROW);
    g.draw(new Line2D.Double(x, y, x + GLYPH, y));
  }

  private static double itemWidth(Entry e) {
    return GLYPH + 6 + Text.width(TraceStyle.SMALL, e.text()) + SPACING;
  }

  /** The height the legend takes at this width. */
  static double height(double width, Content content) {
    return rows(entries(content), width) * ROW + 4;
  }

  private static int rows(List<Entry> entries, double width) {
    int rows = 1;
    double x = 0;
    for (Entry e : entries) {
      double w = itemWidth(e);
      if (x > 0 && x + w > width) {
        rows++;
        x = 0;
      }
      x += w;
    }
    return rows;
  }

  static void paint(Graphics2D g, double left, double top, double width, Content content) {
    SvgGroups.begin(g, "legend");
    double x = 0;
    double y = top + ROW / 2;
    for (Entry e : entries(content)) {
      double w = itemWidth(e);
      if (x > 0 && x + w > width) {
        x = 0;
        y += ROW;
      }
      e.glyph().draw(g, left + x, y);
      g.setColor(TraceStyle.INK);
      Text.draw(g, TraceStyle.SMALL, e.text(), left + x + GLYPH + 6, y + 4);
      x += w;
    }
    SvgGroups.end(g);
  }
}
