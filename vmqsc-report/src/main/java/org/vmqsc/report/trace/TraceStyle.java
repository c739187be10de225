package org.vmqsc.report.trace;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;

/** Colours, strokes and fonts, shared by the painters and the legend so they always agree. */
final class TraceStyle {
  private TraceStyle() {}

  static final Color INK = new Color(0x22, 0x22, 0x22);
  static final Color GRID = new Color(0xd0, 0xd0, 0xd0);
  static final Color MUTED = new Color(0x70, 0x70, 0x70);
  static final Color STRETCH = new Color(0xff, 0xf4, 0xcc);

  static final Color VOLATILE = new Color(0xa8, 0xa8, 0xa8);
  static final Color R6 = new Color(0x1f, 0x6f, 0xd1);
  static final Color R8 = new Color(0xe0, 0x6c, 0x00);
  static final Color OTHER = new Color(0x8c, 0x56, 0x4b);
  static final Color FORCED_HALO = new Color(0xe7, 0x4c, 0x3c, 0x70);

  static final Color CHECKPOINT = INK;
  static final Color FORCED = new Color(0xd0, 0x20, 0x20);
  static final Color DURABLE = new Color(0x1e, 0x9e, 0x3c);
  static final Color TAKEN = new Color(0x12, 0x82, 0x8c);
  static final Color FAILURE = new Color(0xd0, 0x10, 0x10);
  static final Color ROLLBACK = new Color(0x8e, 0x44, 0xad);
  static final Color UNDONE_BAND = new Color(0x8e, 0x44, 0xad, 0x30);
  static final Color DOWN = new Color(0xd0, 0x10, 0x10, 0x90);

  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

  static final Stroke ROW = new BasicStroke(1.6f);
  static final Stroke THIN = new BasicStroke(1f);
  static final Stroke GRID_DASH = new BasicStroke(1f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f);
  static final Stroke DOWN_DASH = new BasicStroke(2f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f);
  static final Stroke LINE = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  static final Stroke LINE_LOGS = new BasicStroke(2f, BasicStroke.CAP_ROUND,
      BasicStroke.JOIN_ROUND, 10f, new float[] {1f, 4f}, 0f);
  static final Stroke CROSS = new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  static final Stroke ROLLBACK_ARROW = new BasicStroke(1.8f);
  static final Stroke FORCED_BOX = new BasicStroke(2f);

  /** A message's colour tells where it is stable (if anywhere). */
  static Color messageColor(Trace.Stable s) {
    return switch (s) {
      case VOLATILE -> VOLATILE;
      case R6 -> R6;
      case R8 -> R8;
      case OTHER -> OTHER;
    };
  }

  /** Stable messages are drawn a little heavier: they are the ones the paper is about. */
  static float messageWidth(Trace.Stable s) {
    return s == Trace.Stable.VOLATILE ? 0.8f : 1.4f;
  }

  /** Cross-host messages (R7) are dashed. */
  static Stroke messageStroke(Trace.Stable s, boolean crossHost) {
    float w = messageWidth(s);
    if (!crossHost) {
      return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
    }
    return new BasicStroke(w, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {5f, 3f}, 0f);
  }

  /** Faded: drawn by an execution that a rollback undid. */
  static Color faded(Color c) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 0x48);
  }
}
