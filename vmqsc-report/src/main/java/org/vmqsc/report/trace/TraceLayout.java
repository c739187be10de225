package org.vmqsc.report.trace;

import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Where everything goes: the title, the manager's strip (taken and durable line markers), one row
 * per shown VM (VM1 at the top, as in the paper), the time axis and the legend.
 */
final class TraceLayout {
  static final int MIN_WIDTH = 500;
  private static final double TOP = 52;
  private static final double STRIP = 30;
  private static final double ABOVE_FIRST_ROW = 48;
  private static final double BELOW_LAST_ROW = 22;
  private static final double AXIS = 40;
  private static final double MARGIN = 14;
  private static final double MIN_ROW_GAP = 12;

  final int width;
  final int height;
  final double left;
  final double right;
  final double stripY;
  final double rowGap;
  final double axisY;
  final double legendTop;
  final TimeAxis axis;
  final TraceLegend.Content legend;
  private final List<Integer> vms;
  private final double firstRowY;

  private TraceLayout(int width, int height, double left, double rowGap, List<Integer> vms,
      TimeAxis axis, TraceLegend.Content legend, double legendHeight) {
    this.width = width;
    this.height = height;
    this.left = left;
    this.right = width - MARGIN - 10;
    this.vms = List.copyOf(vms);
    this.rowGap = rowGap;
    this.stripY = TOP + STRIP / 2;
    this.firstRowY = TOP + STRIP + ABOVE_FIRST_ROW;
    this.axisY = firstRowY + (vms.size() - 1) * rowGap + BELOW_LAST_ROW;
    this.legendTop = axisY + AXIS;
    this.axis = axis;
    this.legend = legend;
    assert legendTop + legendHeight <= height + 0.5;
  }

  /**
   * Lays out the shown VMs of {@code trace} (in this order) over [from, to]. With {@code height}
   * null the height follows from the number of rows; else the rows share what it leaves.
   * {@code stretchMillis} > 0 stretches the base-period boundaries (see {@link TimeAxis}).
   */
  static TraceLayout of(Trace trace, List<Integer> vms, long from, long to, int width,
      Integer height, long stretchMillis) {
    if (width < MIN_WIDTH) {
      throw new TraceRequestException("--width " + width + " is too small (at least "
          + MIN_WIDTH + ")");
    }
    double labelWidth = Text.width(TraceStyle.SMALL, LinePainter.STRIP_LABEL);
    for (int v : vms) {
      labelWidth = Math.max(labelWidth, Text.width(TraceStyle.LABEL, trace.topology().label(v)));
    }
    double left = MARGIN + labelWidth + 16;
    double right = width - MARGIN - 10;
    if (right - left < 200) {
      throw new TraceRequestException("--width " + width + " leaves no room for the time axis");
    }
    TimeAxis axis = stretchMillis > 0
        ? TimeAxis.stretched(from, to, left, right, trace.basePeriodMillis(), stretchMillis)
        : TimeAxis.linear(from, to, left, right);
    boolean other = trace.arrows().stream().anyMatch(a -> a.stable() == Trace.Stable.OTHER);
    TraceLegend.Content legend = new TraceLegend.Content(!axis.spans().isEmpty(), other);
    double legendHeight = TraceLegend.height(width - 2 * MARGIN, legend);
    double fixed = TOP + STRIP + ABOVE_FIRST_ROW + BELOW_LAST_ROW + AXIS + legendHeight + MARGIN;
    int rows = vms.size();
    double gap;
    int h;
    if (height == null) {
      gap = Math.max(30, Math.min(90, 640.0 / rows));
      h = (int) Math.ceil(fixed + (rows - 1) * gap);
    } else {
      h = height;
      gap = rows <= 1 ? 0 : (height - fixed) / (rows - 1);
      if (height < fixed || (rows > 1 && gap < MIN_ROW_GAP)) {
        throw new TraceRequestException("--height " + height + " is too small for " + rows
            + " VMs (at least " + (int) Math.ceil(fixed + (rows - 1) * MIN_ROW_GAP) + ")");
      }
    }
    return new TraceLayout(width, h, left, gap, vms, axis, legend, legendHeight);
  }

  List<Integer> vms() {
    return vms;
  }

  boolean shows(int vm) {
    return vms.contains(vm);
  }

  /** The y of a VM's time line. */
  double y(int vm) {
    return firstRowY + vms.indexOf(vm) * rowGap;
  }

  double firstRowY() {
    return firstRowY;
  }

  double lastRowY() {
    return firstRowY + (vms.size() - 1) * rowGap;
  }

  double x(long t) {
    return axis.x(t);
  }

  /** The area time-placed things are clipped to. */
  Rectangle2D plot() {
    return new Rectangle2D.Double(left, TOP, right - left, axisY - TOP);
  }

  boolean inWindow(long t) {
    return t >= axis.fromMillis() && t <= axis.toMillis();
  }
}
