package org.vmqsc.report.trace;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;

/** Draws a whole diagram onto any Graphics2D (SVG or image), bottom layer first. */
final class TracePainter {
  private TracePainter() {}

  static void paint(Graphics2D g, Trace trace, TraceLayout layout, String title,
      String subtitle) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS,
        RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
    FramePainter frame = new FramePainter(g, trace, layout);
    LinePainter lines = new LinePainter(g, trace, layout);
    MarkPainter marks = new MarkPainter(g, trace, layout);
    frame.background();
    frame.title(title, subtitle);
    frame.stretchedSpans();
    frame.grid();
    frame.rows();
    Shape unclipped = g.getClip();
    g.clip(layout.plot());
    marks.undoneBands();
    lines.zigzags();
    new MessagePainter(g, layout).paint(trace.arrows());
    marks.checkpoints();
    marks.failures();
    marks.rollbacks();
    g.setClip(unclipped);
    lines.strip();
    TraceLegend.paint(g, 14, layout.legendTop, layout.width - 28, layout.legend);
  }
}
