package org.vmqsc.report.trace;

import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;

/**
 * The manager's lines (R4, D2). In the strip at the top, when the taken line (every VM past its
 * boundary) and the durable line (all of it on stable storage, P5) moved; across the rows, each
 * durable line in effect during the window as the paper draws it, a zig-zag through the
 * checkpoint every VM stands on, e.g. (C(1,0), C(2,1), C(3,1), C(4,0)) for line 1. A VM not
 * due at the line stands at its last checkpoint plus its stable logs up to the line (SPEC §5):
 * dotted along its row up to where it entered the line's interval.
 */
final class LinePainter {
  static final String STRIP_LABEL = "manager lines: taken \u25bd durable \u25c6";

  private final Graphics2D g;
  private final Trace trace;
  private final TraceLayout layout;

  LinePainter(Graphics2D g, Trace trace, TraceLayout layout) {
    this.g = g;
    this.trace = trace;
    this.layout = layout;
  }

  void strip() {
    SvgGroups.begin(g, "manager");
    double y = layout.stripY;
    g.setColor(TraceStyle.MUTED);
    Text.rightAligned(g, TraceStyle.SMALL, STRIP_LABEL, layout.left - 12, y + 4);
    int taken = 0; // both start at line 0 (boot images are stable); mark only advances
    int durable = 0;
    double takenRight = Double.NEGATIVE_INFINITY;
    double durableRight = Double.NEGATIVE_INFINITY;
    for (Trace.LineChange c : trace.lines()) {
      boolean shown = layout.inWindow(c.millis());
      double x = layout.x(c.millis());
      if (c.taken() > taken && shown) {
        Glyphs.triangle(g, x, y - 6, 4);
        takenRight = label(Integer.toString(c.taken()), x, y - 2, takenRight, TraceStyle.TAKEN);
      }
      if (c.durable() > durable && shown) {
        Glyphs.diamond(g, x, y + 7, 4.5);
        durableRight = label(Integer.toString(c.durable()), x, y + 11, durableRight,
            TraceStyle.DURABLE);
      }
      taken = c.taken();
      durable = c.durable();
    }
    SvgGroups.end(g);
  }

  /** A number right of its marker, unless it would run into the previous one. */
  private double label(String s, double x, double y, double lastRight, java.awt.Color c) {
    double w = Text.width(TraceStyle.SMALL, s);
    if (x + 6 <= lastRight + 3) {
      return lastRight;
    }
    g.setColor(c);
    Text.draw(g, TraceStyle.SMALL, s, x + 6, y);
    return x + 6 + w;
  }

  /** Every durable line in effect at some time in the window, with the time it became so. */
  private List<long[]> durableLines() {
    List<long[]> out = new ArrayList<>();
    long since = 0;
    int line = 0;
    for (Trace.LineChange c : trace.lines()) {
      if (c.millis() > layout.axis.toMillis()) {
        break;
      }
      if (c.durable() != line) {
        if (c.millis() > layout.axis.fromMillis()) {
          addIfNew(out, line, since); // still in effect when the window opened
        }
        line = c.durable();
        since = c.millis();
      }
    }
    addIfNew(out, line, since);
    return out;
  }

  private static void addIfNew(List<long[]> out, int line, long since) {
    if (out.isEmpty() || out.get(out.size() - 1)[0] != line) {
      out.add(new long[] {line, since});
    }
  }

  void zigzags() {
    if (trace.lines().isEmpty()) {
      return; // a protocol whose manager reports no lines (a baseline): nothing to draw
    }
    SvgGroups.begin(g, "durable-lines");
    String offLeft = null; // lines that stand entirely before the window: label only the newest
    List<double[]> taken = new ArrayList<>();
    for (long[] l : durableLines()) {
      int line = (int) l[0];
      double x = zigzag(line, l[1]);
      if (x < layout.left) {
        offLeft = "\u2190 line " + line;
      } else if (x != Double.NEGATIVE_INFINITY) {
        label("line " + line, x, taken);
      }
    }
    if (offLeft != null) {
      label(offLeft, layout.left, taken);
    }
    SvgGroups.end(g);
  }

  /** A line's name above the first row, unless it would overlap one already there. */
  private void label(String text, double x, List<double[]> taken) {
    double w = Text.width(TraceStyle.SMALL, text);
    double cx = Math.max(layout.left + w / 2 + 2, Math.min(layout.right - w / 2, x));
    for (double[] t : taken) {
      if (cx - w / 2 < t[1] + 4 && cx + w / 2 > t[0] - 4) {
        return;
      }
    }
    taken.add(new double[] {cx - w / 2, cx + w / 2});
    g.setColor(TraceStyle.DURABLE);
    Text.centred(g, TraceStyle.SMALL, text, cx, layout.firstRowY() - 38);
  }

  /** Draws line {@code line}; returns the x of its newest checkpoint (for the label). */
  private double zigzag(int line, long since) {
    Path2D path = new Path2D.Double();
    boolean first = true;
    double topX = Double.NEGATIVE_INFINITY;
    for (int vm : layout.vms()) {
      Trace.Checkpoint c = standsOn(vm, line, since);
      if (c == null) {
        continue;
      }
      double x = layout.x(c.millis());
      double y = layout.y(vm);
      if (first) {
        path.moveTo(x, y);
        first = false;
      } else {
        path.lineTo(x, y);
      }
      topX = Math.max(topX, x);
      long entered = entered(vm, line, since);
      if (c.firstIndex() < line && entered > c.millis()) {
        g.setColor(TraceStyle.DURABLE);
        g.setStroke(TraceStyle.LINE_LOGS);
        g.draw(new Line2D.Double(x, y + 5, layout.x(entered), y + 5));
      }
    }
    if (!first) {
      g.setColor(TraceStyle.DURABLE);
      g.setStroke(TraceStyle.LINE);
      g.draw(path);
    }
    return topX;
  }

  /** The checkpoint VM vm stands on in line {@code line}: its latest one for an index <= line. */
  private Trace.Checkpoint standsOn(int vm, int line, long since) {
    Trace.Checkpoint best = null;
    for (Trace.Checkpoint c : trace.checkpoints()) {
      if (c.vm() == vm && c.firstIndex() <= line && c.millis() <= since) {
        best = c;
      }
    }
    return best;
  }

  /** When VM vm entered interval {@code line} (its state in the line), or -1. */
  private long entered(int vm, int line, long since) {
    long t = -1;
    for (Trace.Crossing c : trace.crossings()) {
      if (c.vm() == vm && c.from() < line && line <= c.to() && c.millis() <= since) {
        t = c.millis();
      }
    }
    return t;
  }
}
