package org.vmqsc.cli;

import java.io.PrintWriter;

/**
 * A single self-overwriting "label: 42%" line on stderr for long runs. It stays silent unless a
 * person is watching (a console, no --json): piped or captured stderr must not fill with
 * carriage returns. Thread-safe, because the checker reports from its worker threads.
 */
final class ProgressLine implements AutoCloseable {
  private final PrintWriter err;
  private final String label;
  private final String unit;
  private final boolean enabled;
  private int shownPercent = -1;
  private int shownWidth;

  /** Package-private so tests can force it on; commands use {@link #open}. */
  ProgressLine(PrintWriter err, String label, String unit, boolean enabled) {
    this.err = err;
    this.label = label;
    this.unit = unit;
    this.enabled = enabled;
  }

  /** Percent only: for progress in units nobody counts (simulated milliseconds). */
  static ProgressLine open(PrintWriter err, String label, boolean json) {
    return open(err, label, null, json);
  }

  /** Percent and "done/total unit", when the counts mean something to the user (runs). */
  static ProgressLine open(PrintWriter err, String label, String unit, boolean json) {
    return new ProgressLine(err, label, unit, !json && System.console() != null);
  }

  synchronized void update(long done, long total) {
    if (!enabled || total <= 0) {
      return;
    }
    int percent = (int) Math.min(100, done * 100 / total);
    // Redrawing only on change keeps a 200-calls-per-run callback from flooding the terminal.
    if (percent == shownPercent) {
      return;
    }
    shownPercent = percent;
    String text = label + ": " + percent + "%"
        + (unit == null ? "" : " (" + done + "/" + total + " " + unit + ")");
    shownWidth = Math.max(shownWidth, text.length());
    err.print("\r" + text);
    err.flush();
  }

  /** Erases the line so that what follows starts on a clean one. */
  @Override
  public synchronized void close() {
    if (enabled && shownWidth > 0) {
      err.print("\r" + " ".repeat(shownWidth) + "\r");
      err.flush();
    }
  }
}
