package org.vmqsc.sim.scenario;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one unit grammar of every file and option that takes durations, sizes or bandwidths:
 * scenario files, the runtime's cluster config and the command line. A bare number is never
 * accepted: "10" could mean seconds or milliseconds, and guessing wrong by 1000x silently ruins a
 * run. Values are exact (BigDecimal) so that "1.5s" is exactly 1500 ms; callers decide whether
 * fractions are allowed.
 */
public final class Units {
  private static final Pattern DURATION = Pattern.compile("(-?\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)(B|KiB|MiB|GiB|KB|MB|GB)");
  private static final String PER_SECOND = "/s";

  private static final Map<String, Long> MILLIS_PER_UNIT =
      Map.of("ms", 1L, "s", 1_000L, "m", 60_000L, "h", 3_600_000L);
  private static final Map<String, Long> BYTES_PER_UNIT = Map.of(
      "B", 1L,
      "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30,
      "KB", 1_000L, "MB", 1_000_000L, "GB", 1_000_000_000L);

  public static final String DURATION_HINT = "use e.g. 10s, 250ms";
  public static final String SIZE_HINT = "use e.g. 64MiB, 1KiB, 512B";
  public static final String BANDWIDTH_HINT = "use e.g. 200MB/s";

  private Units() {}

  /** Milliseconds, or null when {@code text} is not a duration. May be negative. */
  public static BigDecimal millis(String text) {
    return scaled(DURATION.matcher(text), MILLIS_PER_UNIT);
  }

  /** Bytes, or null when {@code text} is not a size. */
  public static BigDecimal bytes(String text) {
    return scaled(SIZE.matcher(text), BYTES_PER_UNIT);
  }

  /** Bytes per second, or null when {@code text} is not a size followed by "/s". */
  public static BigDecimal bytesPerSecond(String text) {
    if (!text.endsWith(PER_SECOND)) {
      return null;
    }
    return bytes(text.substring(0, text.length() - PER_SECOND.length()));
  }

  private static BigDecimal scaled(Matcher m, Map<String, Long> perUnit) {
    if (!m.matches()) {
      return null;
    }
    return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(perUnit.get(m.group(2))));
  }
}
