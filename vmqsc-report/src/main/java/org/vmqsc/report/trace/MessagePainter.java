package org.vmqsc.report.trace;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.util.Comparator;
import java.util.List;

/**
 * Messages as arrows from (sender, send time) to (receiver, delivery time). Colour says where the
 * message is stable (grey: volatile only; blue: R6; orange: R8), dashes that it crossed hosts
 * (R7), a red halo that its index forced the receiver's checkpoint (R3), a hollow head that it
 * was re-delivered after a rollback; undone ones are faded. Volatile ones go first, so the stable
 * ones the paper is about stay on top.
 */
final class MessagePainter {
  private static final BasicStroke HALO = new BasicStroke(6f, BasicStroke.CAP_ROUND,
      BasicStroke.JOIN_ROUND);

  private final Graphics2D g;
  private final TraceLayout layout;

  MessagePainter(Graphics2D g, TraceLayout layout) {
    this.g = g;
    this.layout = layout;
  }

  void paint(List<Arrow> arrows) {
    SvgGroups.begin(g, "messages");
    List<Arrow> ordered = arrows.stream()
        .filter(a -> layout.shows(a.from()) && layout.shows(a.to()))
        .sorted(Comparator.comparingInt(MessagePainter::zOrder))
        .toList();
    for (Arrow a : ordered) {
      if (a.forcedCheckpoint()) {
        g.setColor(TraceStyle.FORCED_HALO);
        g.setStroke(HALO);
        g.draw(line(a));
      }
    }
    for (Arrow a : ordered) {
      Color c = TraceStyle.messageColor(a.stable());
      g.setColor(a.undone() ? TraceStyle.faded(c) : c);
      g.setStroke(TraceStyle.messageStroke(a.stable(), a.crossHost()));
      Line2D l = line(a);
      Glyphs.message(g, l.getX1(), l.getY1(), l.getX2(), l.getY2(), a.redelivered());
    }
    SvgGroups.end(g);
  }

  private Line2D line(Arrow a) {
    return new Line2D.Double(layout.x(a.sendMillis()), layout.y(a.from()),
        layout.x(a.deliverMillis()), layout.y(a.to()));
  }

  /** Undone under live; volatile under stable; the rare R8 and forcing ones on top. */
  private static int zOrder(Arrow a) {
    int z = a.undone() ? 0 : 10;
    z += switch (a.stable()) {
      case VOLATILE -> 0;
      case R6 -> 1;
      case R8, OTHER -> 2;
    };
    return z + (a.forcedCheckpoint() ? 3 : 0);
  }
}
