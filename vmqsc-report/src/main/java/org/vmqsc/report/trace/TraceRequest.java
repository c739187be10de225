package org.vmqsc.report.trace;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmqsc.sim.scenario.Scenario;

/**
 * What to draw: a scenario (with its seed), the protocol, the window [fromMillis, toMillis], the
 * VMs to show (0-based ids; null for all), the picture's size (height null: as the rows need)
 * and the stretch around base-period boundaries (null: chosen from the run; 0: linear time).
 */
public record TraceRequest(Scenario scenario, String protocol, long fromMillis, long toMillis,
    List<Integer> vms, int width, Integer height, Long stretchMillis) {
  /** More rows than this would be unreadable. */
  public static final int MAX_VMS = 40;
  public static final int DEFAULT_WIDTH = 1400;

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
  private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");

  public TraceRequest {
    vms = vms == null ? null : List.copyOf(vms);
  }

  /** The VMs shown, in row order. */
  public List<Integer> shownVms() {
    if (vms != null) {
      return vms;
    }
    return java.util.stream.IntStream.range(0, scenario.vmCount()).boxed().toList();
  }

  /** Refuses, in one line, a window or selection that cannot give a diagram of this run. */
  public void validate() {
    if (fromMillis >= toMillis) {
      throw new TraceRequestException("--from " + FramePainter.millis(fromMillis)
          + " must be before --to " + FramePainter.millis(toMillis));
    }
    if (fromMillis >= scenario.durationMillis()) {
      throw new TraceRequestException("the window " + FramePainter.millis(fromMillis) + "-"
          + FramePainter.millis(toMillis) + " is outside the run (" + scenario.name()
          + " runs for " + FramePainter.millis(scenario.durationMillis()) + ")");
    }
    int n = shownVms().size();
    if (n > MAX_VMS) {
      throw new TraceRequestException("too many VMs to draw: " + n + " (at most " + MAX_VMS
          + "; choose some with --vms, e.g. --vms 1-" + MAX_VMS + ")");
    }
    if (n == 0) {
      throw new TraceRequestException("no VMs to draw");
    }
  }

  /**
   * A point in simulated time as the user types it: "35s", "500ms", "1.5m", "0". A unit is
   * required (as in scenario files): a bare "35" could be seconds or milliseconds.
   */
  public static long parseMillis(String option, String text) {
    String t = text.strip();
    if (t.equals("0")) {
      return 0;
    }
    Matcher m = DURATION.matcher(t);
    if (!m.matches()) {
      throw new TraceRequestException(option + ": '" + text + "' is not a time (use e.g. 35s, "
          + "500ms, 2m)");
    }
    long unit = switch (m.group(2)) {
      case "ms" -> 1;
      case "s" -> 1_000;
      case "m" -> 60_000;
      default -> 3_600_000;
    };
    BigDecimal ms = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    if (ms.stripTrailingZeros().scale() > 0) {
      throw new TraceRequestException(option + ": '" + text + "' is finer than a millisecond");
    }
    return ms.longValueExact();
  }

  /**
   * VM numbers as the diagram shows them (1-based, VM1 is id 0): "1,3-5". Returns 0-based ids in
   * increasing order.
   */
  public static List<Integer> parseVms(String text, int vmCount) {
    TreeSet<Integer> out = new TreeSet<>();
    for (String part : text.split(",", -1)) {
      Matcher m = RANGE.matcher(part.strip());
      if (!m.matches()) {
        throw new TraceRequestException("--vms: '" + part.strip() + "' is not a VM number or "
            + "range (use e.g. 0,2-4; VMs are numbered from 0, as drawn and as every command does)");
      }
      int a = parseVm(m.group(1), vmCount);
      int b = m.group(2) == null ? a : parseVm(m.group(2), vmCount);
      if (b < a) {
        throw new TraceRequestException("--vms: range '" + part.strip() + "' runs backwards");
      }
      for (int v = a; v <= b; v++) {
        out.add(v);
      }
    }
    return List.copyOf(out);
  }

  private static int parseVm(String digits, int vmCount) {
    int v;
    try {
      v = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      v = Integer.MAX_VALUE;
    }
    if (v < 0 || v >= vmCount) {
      throw new TraceRequestException(String.format(Locale.ROOT,
          "--vms: there is no VM%s (the scenario has VM0..VM%d)", digits, vmCount - 1));
    }
    return v;
  }
}
