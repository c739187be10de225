package org.vmqsc.cli;

import java.util.Locale;

/** Numbers formatted for people: byte sizes, simulated durations, shares. */
final class Human {
  private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Human() {}

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    double v = n;
    int unit = 0;
    while (v >= 1024 && unit < BYTE_UNITS.length - 1) {
      v /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f %s", v, BYTE_UNITS[unit]);
  }

  /** E.g. "1h 02m 03.500s"; simulated times run from milliseconds to days. */
  static String millis(long ms) {
    long h = ms / 3_600_000;
    long m = ms / 60_000 % 60;
    double s = ms % 60_000 / 1000.0;
    if (h > 0) {
      return String.format(Locale.ROOT, "%dh %02dm %06.3fs", h, m, s);
    }
    if (m > 0) {
      return String.format(Locale.ROOT, "%dm %06.3fs", m, s);
    }
    return String.format(Locale.ROOT, "%.3fs", s);
  }

  static String share(double x) {
    return String.format(Locale.ROOT, "%.4f", x);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
