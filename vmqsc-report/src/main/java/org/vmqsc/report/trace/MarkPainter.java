package org.vmqsc.report.trace;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.HashMap;
import java.util.Map;

/** Checkpoints (basic and forced, labelled C(i,x) where there is room), failures, rollbacks. */
final class MarkPainter {
  private final Graphics2D g;
  private final Trace trace;
  private final TraceLayout layout;

  MarkPainter(Graphics2D g, Trace trace, TraceLayout layout) {
    this.g = g;
    this.trace = trace;
    this.layout = layout;
  }

  /** R9: the work a host failure undid, as a band along the row (drawn under everything). */
  void undoneBands() {
    for (Trace.Rollback r : trace.rollbacks()) {
      if (!r.local() && r.targetMillis() >= 0 && layout.shows(r.vm())) {
        double x0 = layout.x(r.targetMillis());
        double x1 = layout.x(r.millis());
        g.setColor(TraceStyle.UNDONE_BAND);
        g.fill(new Rectangle2D.Double(x0, layout.y(r.vm()) - 6, x1 - x0, 12));
      }
    }
  }

  void checkpoints() {
    SvgGroups.begin(g, "checkpoints");
    Map<Integer, Double> labelRight = new HashMap<>();
    for (Trace.Checkpoint c : trace.checkpoints()) {
      if (!layout.shows(c.vm()) || !layout.inWindow(c.millis())) {
        continue;
      }
      double x = layout.x(c.millis());
      double y = layout.y(c.vm());
      Glyphs.checkpoint(g, x, y, c.forced());
      String label = "C(" + c.vm() + "," + c.dueIndex() + ")";
      double w = Text.width(TraceStyle.SMALL, label);
      double right = labelRight.getOrDefault(c.vm(), Double.NEGATIVE_INFINITY);
      double lx = Math.max(layout.left + w / 2, Math.min(layout.right - w / 2, x));
      if (lx - w / 2 > right + 3 && layout.rowGap >= 24) {
        g.setColor(c.forced() ? TraceStyle.FORCED : TraceStyle.INK);
        Text.centred(g, TraceStyle.SMALL, label, lx, y - 9);
        labelRight.put(c.vm(), lx + w / 2);
      }
    }
    SvgGroups.end(g);
  }

  void failures() {
    SvgGroups.begin(g, "failures");
    for (Trace.Failure f : trace.failures()) {
      if (!layout.inWindow(f.millis())) {
        continue;
      }
      double x = layout.x(f.millis());
      boolean labelled = false;
      for (int vm : layout.vms()) {
        boolean hit = f.hostFailure() ? trace.topology().hostOf(vm) == f.host() : vm == f.vm();
        if (!hit) {
          continue;
        }
        double y = layout.y(vm);
        Glyphs.cross(g, x, y, 6);
        if (!labelled) {
          String what = f.hostFailure() ? "host " + f.host() + " fails"
              : TraceTopology.name(vm) + " fails";
          g.setColor(TraceStyle.FAILURE);
          Text.draw(g, TraceStyle.SMALL, what, x + 8, y + 16);
          labelled = true;
        }
      }
    }
    SvgGroups.end(g);
  }

  /** Back-arrows from the recovery to the point the VM went back to (R9). */
  void rollbacks() {
    SvgGroups.begin(g, "rollbacks");
    double rise = Math.max(14, Math.min(34, layout.rowGap * 0.45));
    for (Trace.Rollback r : trace.rollbacks()) {
      if (!layout.shows(r.vm()) || r.targetMillis() < 0 || !layout.inWindow(r.millis())) {
        continue;
      }
      double y = layout.y(r.vm());
      double x1 = layout.x(r.millis());
      double x0 = layout.x(r.targetMillis());
      g.setColor(TraceStyle.ROLLBACK);
      Glyphs.backArrow(g, x1, x0, y, rise);
      String label = r.local()
          ? "restore C(" + r.vm() + "," + r.line() + ") + replay " + r.replayed()
          : "back to line " + r.line();
      double w = Text.width(TraceStyle.SMALL, label);
      double lx = Math.max(layout.left + 4, Math.min((x0 + x1 - w) / 2, x1 - w - 6));
      Text.draw(g, TraceStyle.SMALL, label, lx, y - rise * 0.75 - 3);
    }
    SvgGroups.end(g);
  }
}
