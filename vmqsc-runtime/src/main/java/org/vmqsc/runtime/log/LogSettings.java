package org.vmqsc.runtime.log;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How one process logs: its name on every line ({@code manager}, {@code host-2}), the level of
 * its own lines, text or JSON lines, and where its rotating file goes ({@code dir/NAME.log}, null
 * for none) with the size at which it rolls and how many old files are kept.
 *
 * @param consoleLevel what still goes to the console (standard error) besides the file: the same
 *     level in a terminal; only warnings and errors when {@code cluster up} started the process
 *     (its console is captured in an unbounded file, the rotating one holds the rest)
 */
public record LogSettings(String process, String level, Format format, Path dir,
    long maxFileBytes, int maxFiles, String consoleLevel) {
  /** The levels a user may name, quietest last; {@code off} logs nothing. */
  public static final List<String> LEVELS = List.of("trace", "debug", "info", "warn", "error",
      "off");
  public static final String DEFAULT_LEVEL = "info";
  public static final long DEFAULT_MAX_FILE_BYTES = 10L << 20;
  public static final int DEFAULT_MAX_FILES = 5;
  /** More old files than this is a typo, not a plan (logback's window caps at 20). */
  public static final int MAX_MAX_FILES = 20;

  /** One line of text per event, or one JSON object per line. */
  public enum Format {
    TEXT, JSON;

    /** {@code text} or {@code json}, any case; else null. */
    public static Format parse(String s) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(s.strip())) {
          return f;
        }
      }
      return null;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LogSettings {
    if (!LEVELS.contains(level) || !LEVELS.contains(consoleLevel)) {
      throw new IllegalArgumentException("level must be one of " + String.join(", ", LEVELS));
    }
    if (maxFileBytes < 1024 || maxFiles < 1 || maxFiles > MAX_MAX_FILES) {
      throw new IllegalArgumentException("a log file of at least 1KiB and 1.." + MAX_MAX_FILES
          + " files");
    }
  }

  /** {@code s} as one of {@link #LEVELS} (any case, {@code warning} for warn), or null. */
  public static String level(String s) {
    String l = s.strip().toLowerCase(Locale.ROOT);
    l = l.equals("warning") ? "warn" : l;
    return LEVELS.contains(l) ? l : null;
  }

  /** The process's rotating log file, or null when it has none. */
  public Path file() {
    return dir == null ? null : dir.resolve(process + ".log");
  }
}
