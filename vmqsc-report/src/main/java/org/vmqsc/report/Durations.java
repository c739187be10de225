package org.vmqsc.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as scenario files write them (10s, 250ms, 1.5m, 2h): a unit is required, because a
 * bare "10" could mean seconds or milliseconds and guessing wrong by 1000x silently ruins a run.
 * The simulator's own parser is internal to its scenario package; this follows the same grammar.
 */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  private Durations() {}

  /** Milliseconds (≥ 0, possibly fractional), or NaN when {@code text} is not a duration. */
  public static double millis(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      return Double.NaN;
    }
    double perUnit = switch (m.group(2)) {
      case "ms" -> 1;
      case "s" -> 1_000;
      case "m" -> 60_000;
      default -> 3_600_000;
    };
    return Double.parseDouble(m.group(1)) * perUnit;
  }
}
