package org.vmqsc.report.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Simulated time to x pixels, piecewise linear. Linear by default; optionally the neighbourhood
 * of every base-period boundary kT0 (where clock skew, forced checkpoints and messages crossing a
 * boundary all happen, within milliseconds) is stretched, so that what takes a few ms there is as
 * visible as what takes seconds elsewhere. Stretched spans are drawn shaded and labelled.
 */
final class TimeAxis {
  /** A stretched span [fromMillis, toMillis]. */
  record Span(long fromMillis, long toMillis, long centreMillis) {}

  /** Each stretched span gets at most this many pixels, and all of them at most this share. */
  private static final double MAX_SPAN_PX = 150;
  private static final double MAX_SHARE = 0.4;
  /** Below these the stretch is not worth the broken scale. */
  private static final double MIN_GAIN = 3;
  private static final double MIN_SPAN_PX = 40;

  private final long[] knotMillis;
  private final double[] knotX;
  private final List<Span> spans;
  private final long radiusMillis;
  private final double gain;

  private TimeAxis(long[] knotMillis, double[] knotX, List<Span> spans, long radiusMillis,
      double gain) {
    this.knotMillis = knotMillis;
    this.knotX = knotX;
    this.spans = List.copyOf(spans);
    this.radiusMillis = radiusMillis;
    this.gain = gain;
  }

  static TimeAxis linear(long from, long to, double left, double right) {
    return new TimeAxis(new long[] {from, to}, new double[] {left, right}, List.of(), 0, 1);
  }

  /**
   * Stretches [kT0 - radius, kT0 + radius] for every boundary in the window; falls back to linear
   * when there are so many boundaries that the spans would be too narrow to show anything.
   */
  static TimeAxis stretched(long from, long to, double left, double right, long basePeriod,
      long radius) {
    List<Span> spans = spans(from, to, basePeriod, radius);
    if (radius <= 0 || spans.isEmpty()) {
      return linear(from, to, left, right);
    }
    double width = right - left;
    double pxPerRadius = Math.min(MAX_SPAN_PX, MAX_SHARE * width / spans.size()) / 2;
    long stretchedMillis = spans.stream().mapToLong(s -> s.toMillis() - s.fromMillis()).sum();
    double stretchedPx = 0;
    for (Span s : spans) {
      stretchedPx += (s.toMillis() - s.fromMillis()) * pxPerRadius / radius;
    }
    double normalScale = (width - stretchedPx) / Math.max(1, to - from - stretchedMillis);
    if (2 * pxPerRadius < MIN_SPAN_PX || pxPerRadius / radius < MIN_GAIN * normalScale) {
      return linear(from, to, left, right);
    }
    List<Long> ts = new ArrayList<>();
    List<Double> xs = new ArrayList<>();
    long t = from;
    double x = left;
    ts.add(t);
    xs.add(x);
    for (Span s : spans) {
      if (s.fromMillis() > t) {
        x += (s.fromMillis() - t) * normalScale;
        t = s.fromMillis();
        ts.add(t);
        xs.add(x);
      }
      x += (s.toMillis() - t) * pxPerRadius / radius;
      t = s.toMillis();
      ts.add(t);
      xs.add(x);
    }
    if (to > t) {
      ts.add(to);
      xs.add(right);
    }
    return new TimeAxis(ts.stream().mapToLong(Long::longValue).toArray(),
        xs.stream().mapToDouble(Double::doubleValue).toArray(), spans, radius,
        pxPerRadius / radius / normalScale);
  }

  private static List<Span> spans(long from, long to, long basePeriod, long radius) {
    List<Span> out = new ArrayList<>();
    if (radius <= 0) {
      return out;
    }
    for (long k = Math.max(1, (from - radius) / basePeriod); k * basePeriod - radius < to; k++) {
      long b = k * basePeriod;
      long a = Math.max(from, b - radius);
      long z = Math.min(to, b + radius);
      if (z <= a) {
        continue;
      }
      if (!out.isEmpty() && out.get(out.size() - 1).toMillis() >= a) {
        return List.of(); // spans touch: the radius is too wide for this base period
      }
      out.add(new Span(a, z, b));
    }
    return out;
  }

  /** The x of time t; outside the window the end segments extend linearly (then get clipped). */
  double x(long t) {
    int n = knotMillis.length;
    int i = 0;
    while (i < n - 2 && t > knotMillis[i + 1]) {
      i++;
    }
    long t0 = knotMillis[i];
    long t1 = knotMillis[i + 1];
    return knotX[i] + (knotX[i + 1] - knotX[i]) * (t - t0) / Math.max(1.0, t1 - t0);
  }

  long fromMillis() {
    return knotMillis[0];
  }

  long toMillis() {
    return knotMillis[knotMillis.length - 1];
  }

  List<Span> spans() {
    return spans;
  }

  /** The stretch radius in ms, 0 when linear. */
  long radiusMillis() {
    return radiusMillis;
  }

  /** How many times wider a ms is in a stretched span than elsewhere (1 when linear). */
  double gain() {
    return gain;
  }
}
