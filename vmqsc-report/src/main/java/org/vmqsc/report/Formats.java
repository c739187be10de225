package org.vmqsc.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Numbers as tables, CSV files and charts show them; Locale.ROOT everywhere. */
public final class Formats {
  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  static final double MIB = 1 << 20;

  private Formats() {}

  /** For people: the value in the way its kind reads best, "± ci" added when {@code withCi}. */
  public static String human(Metric m, Stats s, boolean withCi) {
    if (m == Metric.VIOLATIONS) {
      return Long.toString(Math.round(s.sum())); // a count over all seeds; see the table header
    }
    String mean = human(m.kind(), s.mean());
    return withCi && s.n() > 1 ? mean + " ± " + human(m.kind(), s.ci95()) : mean;
  }

  static String human(Metric.Kind kind, double v) {
    return switch (kind) {
      case SHARE -> String.format(Locale.ROOT, "%.4f", v);
      case BYTES -> bytes(v);
      case COUNT, REAL -> real(v);
    };
  }

  /** About four significant digits, thousands grouped. */
  static String real(double v) {
    double a = Math.abs(v);
    if (v == Math.rint(v) && a < 1e15) {
      return String.format(Locale.ROOT, "%,d", (long) v);
    }
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** A unit to show a whole column or axis of values in: its name and what one unit is. */
  public record Scale(String unit, double divisor) {
    public double of(double v) {
      return v / divisor;
    }
  }

  /**
   * The one unit for a metric across a table and its chart: bytes in the binary unit the
   * largest value reads best in (so no column mixes MiB and GiB, and the chart says the same);
   * other kinds as they are.
   */
  public static Scale scale(Metric m, double max) {
    if (m.kind() != Metric.Kind.BYTES) {
      return new Scale(m.unit(), 1);
    }
    int unit = 0;
    double v = Math.abs(max);
    while (v >= 1024 && unit < BYTE_UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return new Scale(BYTE_UNITS[unit], Math.pow(1024, unit));
  }

  /** A value in a scale: bytes with two decimals, the rest as {@link #human(Metric.Kind, double)}. */
  static String inScale(Metric m, Scale sc, double v) {
    return m.kind() == Metric.Kind.BYTES ? String.format(Locale.ROOT, "%,.2f", sc.of(v))
        : human(m.kind(), v);
  }

  /**
   * A tick-label pattern for an axis up to {@code max}: about three significant digits at the
   * top and thousands grouped ("88.5", "250,000", "0.0012"), never exponent form.
   */
  public static String tickPattern(double max) {
    double a = Math.abs(max);
    int digits = a <= 0 ? 1 : Math.max(0, 2 - (int) Math.floor(Math.log10(a)));
    return digits == 0 ? "#,##0" : "#,##0." + "#".repeat(Math.min(digits, 8));
  }

  static String bytes(double n) {
    if (Math.abs(n) < 1024) {
      return real(n) + " B";
    }
    double v = n;
    int unit = 0;
    while (Math.abs(v) >= 1024 && unit < BYTE_UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f %s", v, BYTE_UNITS[unit]);
  }

  /**
   * For machines: exact and short, never in exponent form ("0.0001", "2700973", "0.5"), so that
   * CSV readers and diffs see the same text for the same value.
   */
  public static String plain(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.toString(v);
    }
    if (v == 0) {
      return "0"; // also for -0.0
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
