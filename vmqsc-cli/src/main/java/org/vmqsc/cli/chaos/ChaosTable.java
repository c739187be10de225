package org.vmqsc.cli.chaos;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The campaign's summary: cycles run, and per fault kind the cycles, recovery time
 * min/median/max, stalls and violations; as a text table or one JSON object.
 */
public final class ChaosTable {
  /** One fault kind's row. */
  record Row(FaultKind kind, int cycles, long[] recoveryMillis, int stalls, int violations) {
    long min() {
      return recoveryMillis.length == 0 ? -1 : recoveryMillis[0];
    }

    long median() {
      return recoveryMillis.length == 0 ? -1 : recoveryMillis[(recoveryMillis.length - 1) / 2];
    }

    long max() {
      return recoveryMillis.length == 0 ? -1 : recoveryMillis[recoveryMillis.length - 1];
    }
  }

  private final List<Row> rows = new ArrayList<>();
  private final int cycles;
  private final int stalls;
  private final int violations;

  public ChaosTable(List<FaultKind> kinds, List<CycleResult> results) {
    for (FaultKind k : kinds) {
      List<CycleResult> of = results.stream().filter(r -> r.fault().kind() == k).toList();
      long[] times = of.stream().filter(r -> r.recoveryMillis() >= 0)
          .mapToLong(CycleResult::recoveryMillis).sorted().toArray();
      rows.add(new Row(k, of.size(), times, (int) of.stream().filter(CycleResult::stalled).count(),
          of.stream().mapToInt(r -> r.violations().size()).sum()));
    }
    this.cycles = results.size();
    this.stalls = (int) results.stream().filter(CycleResult::stalled).count();
    this.violations = results.stream().mapToInt(r -> r.violations().size()).sum();
  }

  public int stalls() {
    return stalls;
  }

  public int violations() {
    return violations;
  }

  public void print(PrintWriter out) {
    String fmt = "%-26s %6s %8s %8s %8s %6s %10s%n";
    out.printf(fmt, "fault", "cycles", "min ms", "median", "max ms", "stalls", "violations");
    for (Row r : rows) {
      out.printf(fmt, r.kind().label, r.cycles(), ms(r.min()), ms(r.median()), ms(r.max()),
          r.stalls(), r.violations());
    }
    out.printf(fmt, "total", cycles, "", "", "", stalls, violations);
    out.println("recovery time: from the fault's end (kill, SIGCONT, writes allowed again) until "
        + "every host is alive, every VM up and the durable line has moved on");
  }

  public ObjectNode json() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("cycles", cycles);
    o.put("stalls", stalls);
    o.put("violations", violations);
    ArrayNode faults = o.putArray("faults");
    for (Row r : rows) {
      ObjectNode f = faults.addObject();
      f.put("fault", r.kind().label);
      f.put("cycles", r.cycles());
      f.put("recoveryMinMillis", r.min());
      f.put("recoveryMedianMillis", r.median());
      f.put("recoveryMaxMillis", r.max());
      f.put("stalls", r.stalls());
      f.put("violations", r.violations());
    }
    return o;
  }

  private static String ms(long v) {
    return v < 0 ? "-" : Long.toString(v);
  }
}
