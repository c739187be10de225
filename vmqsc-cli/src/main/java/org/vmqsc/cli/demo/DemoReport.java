package org.vmqsc.cli.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@code vmqsc demo} says: a line per step as it goes, then the four checks (each FAIL until
 * a step decides it, so a run that stops early fails the checks it did not reach), the recovery
 * times and the rollback extent.
 */
public final class DemoReport {
  /** The four checks, in the order they are reported. */
  public enum Check {
    BANK("bank total conserved (P6)"),
    CHANNELS("every channel: sent == received (P2)"),
    VM("VM failure rolled back no other VM (R9)"),
    HOST("host failure rolled back to the durable line, no further (D7)");

    public final String title;

    Check(String title) {
      this.title = title;
    }
  }

  private record Outcome(boolean pass, String detail) {}

  private final PrintWriter out;
  private final long started = System.currentTimeMillis();
  private final Map<Check, Outcome> outcomes = new EnumMap<>(Check.class);
  private final List<String> timings = new ArrayList<>();
  private final List<String> extent = new ArrayList<>();

  public DemoReport(PrintWriter out) {
    this.out = out;
    for (Check c : Check.values()) {
      outcomes.put(c, new Outcome(false, "not reached"));
    }
  }

  /** PASS with {@code passDetail} when no problem was found, else FAIL listing the problems. */
  void decide(Check c, List<String> problems, String passDetail) {
    outcomes.put(c, problems.isEmpty() ? new Outcome(true, passDetail)
        : new Outcome(false, String.join("; ", new TreeSet<>(problems))));
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
      out.printf("%s  %s: %s%n", c.getValue().pass() ? "PASS" : "FAIL", c.getKey().title,
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
