package org.vmqsc.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@code vmqsc demo} says: a line per step as it goes, then its checks (the four, or only
 * the ledgers' two for a protocol that does not recover; each FAIL until a step decides it, so a
 * run that stops early fails the checks it did not reach), the recovery times and the rollback
 * extent. The failure checks' titles say what the protocol promises ({@link Promise}).
 */
public final class DemoReport {
  /** The checks, in the order they are reported; VM_QSC's titles (others: {@link Promise}). */
  public enum Check {
    BANK("bank total conserved (P6)"),
    CHANNELS("every channel: received exactly what was sent, in order (P1, P2)"),
    VM("VM failure rolled back no other VM (R9)"),
    HOST("host failure rolled back to the durable line, no further (D7)");

    public final String title;

    Check(String title) {
      this.title = title;
    }
  }

  private record Outcome(boolean pass, String detail) {}

  private final PrintWriter out;
  private final Promise promise;
  private final long started = System.currentTimeMillis();
  private final Map<Check, Outcome> outcomes = new EnumMap<>(Check.class);
  private final List<String> timings = new ArrayList<>();
  private final List<String> extent = new ArrayList<>();

  /** A report of VM_QSC's checks. */
  public DemoReport(PrintWriter out) {
    this(out, Promise.R9);
  }

  /** A report of the checks {@code promise} is judged by. */
  public DemoReport(PrintWriter out, Promise promise) {
    this.out = out;
    this.promise = promise;
    for (Check c : promise.checks()) {
      outcomes.put(c, new Outcome(false, "not reached"));
    }
  }

  /** PASS with {@code passDetail} when no problem was found, else FAIL listing the problems. */
  void decide(Check c, List<String> problems, String passDetail) {
    outcomes.put(c, problems.isEmpty() ? new Outcome(true, passDetail)
        : new Outcome(false, String.join("; ", new TreeSet<>(problems))));
  }

  /**
   * Problems found later about a check already decided (the journals' P3 and P5 at the end):
   * a PASS becomes FAIL; a check this promise does not judge is left alone.
   */
  void alsoFail(Check c, List<String> problems) {
    Outcome o = outcomes.get(c);
    if (o == null || problems.isEmpty()) {
      return;
    }
    List<String> all = new ArrayList<>(problems);
    if (!o.pass()) {
      all.add(o.detail());
    }
    outcomes.put(c, new Outcome(false, String.join("; ", new TreeSet<>(all))));
  }

  public Promise promise() {
    return promise;
  }

  /** The check's title under this report's promise. */
  String title(Check c) {
    return promise.title(c);
  }

  void fail(Check c, String why) {
    outcomes.put(c, new Outcome(false, why));
  }

  void timing(String line) {
    timings.add(line);
  }

  void extent(String line) {
    extent.add(line);
  }

  /** One progress line, stamped with the seconds since the demo started. */
  void step(String format, Object... args) {
    out.printf("[%6.1f s] %s%n", (System.currentTimeMillis() - started) / 1000.0,
        String.format(format, args));
    out.flush();
  }

  void println(String line) {
    out.println(line);
  }

  public boolean allPass() {
    return outcomes.values().stream().allMatch(Outcome::pass);
  }

  /** The closing report; {@code what} names the scenario and period. */
  public void print(String what) {
    out.println();
    out.println("== vmqsc demo report (" + what + ", "
        + (System.currentTimeMillis() - started) / 1000 + " s) ==");
    for (Map.Entry<Check, Outcome> c : outcomes.entrySet()) {
      out.printf("%s  %s: %s%n", c.getValue().pass() ? "PASS" : "FAIL", promise.title(c.getKey()),
          c.getValue().detail());
    }
    section("recovery times:", timings, "(none measured)");
    section("rollback extent:", extent, "(none observed)");
    out.println(allPass() ? "demo: all checks PASS" : "demo: FAILED");
    out.flush();
  }

  private void section(String title, List<String> lines, String none) {
    out.println(title);
    lines.forEach(l -> out.println("  " + l));
    if (lines.isEmpty()) {
      out.println("  " + none);
    }
  }
}
