package org.vmqsc.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A results file the benches append one row per run to (issue 14: the scaling curves as data),
 * read back by {@link ScalingChart}. The header is written when the file is new; a file whose
 * header differs is refused before the run, so one file never mixes two layouts. Every row ends
 * with the machine's load, the commit measured (when known) and the time, so a figure can be
 * traced to the state of the machine and of the code.
 */
public final class CsvLog {
  /** The columns every row ends with. */
  public static final List<String> TRAILER = List.of("load_1min", "commit", "date");

  private final Path file;
  private final List<String> header;

  private CsvLog(Path file, List<String> header) {
    this.file = file;
    this.header = header;
  }

  /**
   * A log of {@code columns} (then {@link #TRAILER}) in {@code file}; IllegalArgumentException
   * with a one-line reason when the file exists with another header or cannot be written.
   */
  public static CsvLog open(String file, List<String> columns) {
    List<String> header = new ArrayList<>(columns);
    header.addAll(TRAILER);
    Path path = Path.of(file);
    try {
      if (Files.exists(path) && Files.size(path) > 0) {
        String first = Files.readAllLines(path, StandardCharsets.UTF_8).get(0);
        if (!first.equals(String.join(",", header))) {
          throw new IllegalArgumentException(file + ": has another header (" + first
              + "); write these results to a new file");
        }
      } else {
        if (path.getParent() != null) {
          Files.createDirectories(path.getParent());
        }
        Files.writeString(path, String.join(",", header) + "\n", StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write " + file + ": " + e, e);
    }
    return new CsvLog(path, header);
  }

  /** The system's 1-minute load average now (what `uptime` shows), -1 when unknown. */
  public static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Appends one row: {@code values} for the columns given to {@link #open} (null or NaN for none;
   * a double with two decimals at most), then {@code load}, the commit and the time.
   */
  public void append(double load, Object... values) {
    if (values.length + TRAILER.size() != header.size()) {
      throw new IllegalArgumentException("row of " + values.length + " values for "
          + (header.size() - TRAILER.size()) + " columns"); // a bench's own mistake
    }
    List<String> cells = new ArrayList<>();
    for (Object v : values) {
      cells.add(cell(v));
    }
    cells.add(cell(load < 0 ? null : load));
    cells.add(commit());
    cells.add(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    try {
      Files.writeString(file, String.join(",", cells) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new IllegalStateException("cannot append to " + file + ": " + e, e);
    }
  }

  static String cell(Object v) {
    if (v == null || v instanceof Double d && d.isNaN()) {
      return "";
    }
    if (v instanceof Double d) {
      // Two decimals at most: the figures are rates, times and sizes, never exact beyond that.
      return new java.math.BigDecimal(String.format(Locale.ROOT, "%.2f", d))
          .stripTrailingZeros().toPlainString();
    }
    String s = v.toString();
    if (s.contains(",") || s.contains("\n")) {
      throw new IllegalArgumentException("a CSV cell cannot hold a comma: " + s);
    }
    return s;
  }

  /**
   * The commit measured: {@code -Dvmqsc.commit}, else {@code VMQSC_COMMIT}, else what {@code git
   * rev-parse --short HEAD} says in the working directory (a jar copied elsewhere cannot know
   * it), else empty.
   */
  static String commit() {
    String c = System.getProperty("vmqsc.commit", System.getenv("VMQSC_COMMIT"));
    if (c != null && !c.isBlank()) {
      return c.strip();
    }
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]+")) {
        return out;
      }
      p.destroy();
    } catch (IOException e) {
      return ""; // no git here
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "";
  }
}
