package org.vmqsc.cli.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seeded fault schedule: one seed decides every cycle's fault kind, targets and timing, so
 * the same {@code --seed}, {@code --cycles}, {@code --faults}, {@code --hosts} and
 * {@code --period} replay the same schedule (what the processes then do is real time and not
 * replayed exactly, but the same faults land at the same points of the period).
 */
public final class Schedule {
  private Schedule() {}

  public static List<Fault> draw(long seed, int cycles, List<FaultKind> kinds, int hosts,
      int vmsPerHost, long periodMillis) {
    if (kinds.isEmpty() || hosts < 2 || cycles < 1) {
      throw new IllegalArgumentException("need faults, two hosts or more and a cycle");
    }
    SplittableRandom r = new SplittableRandom(seed);
    List<Fault> faults = new ArrayList<>(cycles);
    for (int c = 1; c <= cycles; c++) {
      FaultKind kind = kinds.get(r.nextInt(kinds.size()));
      int host = r.nextInt(hosts);
      int second = (host + 1 + r.nextInt(hosts - 1)) % hosts;
      int vm = r.nextInt(hosts * vmsPerHost);
      long delay = r.nextLong(periodMillis);
      if (kind == FaultKind.CORRUPT_NEWEST || kind == FaultKind.CORRUPT_LOG) {
        vm = vm % vmsPerHost; // the index among the host's VMs when the fault goes in
      }
      faults.add(new Fault(c, kind, host, second, vm, delay));
    }
    return List.copyOf(faults);
  }

  /** The schedule, one fault a line, for the report of a failed run. */
  public static String describe(List<Fault> faults) {
    StringBuilder b = new StringBuilder();
    for (Fault f : faults) {
      b.append("  ").append(f.cycle()).append(": ").append(f.describe()).append('\n');
    }
    return b.toString();
  }
}
