package org.vmqsc.report.trace;

import java.util.HashSet;
import java.util.Set;

/**
 * How far around each boundary kT0 to stretch time, chosen from the run itself: far enough to
 * hold the clock skew between hosts (every VM's crossing of the boundary) and the longest
 * cross-host message delay, rounded up to 1, 2 or 5 times a power of ten ms.
 */
final class Stretch {
  private record Landing(int vm, long millis) {}

  private Stretch() {}

  static long auto(Trace t, long from, long to) {
    long period = t.basePeriodMillis();
    long far = period / 4; // farther than this is catching up after a failure, not skew
    long skew = 0;
    for (Trace.Crossing c : t.crossings()) {
      if (c.from() >= 0 && c.millis() >= from && c.millis() <= to) {
        long b = Math.round((double) c.millis() / period) * period;
        long d = Math.abs(c.millis() - b);
        if (d < far) {
          skew = Math.max(skew, d);
        }
      }
    }
    Set<Landing> upAgain = new HashSet<>();
    for (Trace.Down d : t.downtimes()) {
      upAgain.add(new Landing(d.vm(), d.toMillis())); // messages held for a down VM land then
    }
    long delay = 0;
    for (Arrow a : t.arrows()) {
      long d = a.deliverMillis() - a.sendMillis();
      boolean held = upAgain.contains(new Landing(a.to(), a.deliverMillis()));
      if (a.crossHost() && !a.redelivered() && !held && a.sendMillis() >= from && d < far) {
        delay = Math.max(delay, d);
      }
    }
    if (skew == 0 && delay == 0) {
      return 0;
    }
    long r = nice((long) Math.ceil((skew + delay) * 1.2) + 2);
    return r < far ? r : 0;
  }

  /** The smallest of 1, 2, 5, 10, 20, 50... that is >= x. */
  static long nice(long x) {
    long p = 1;
    while (true) {
      for (long m : new long[] {1, 2, 5}) {
        if (m * p >= x) {
          return m * p;
        }
      }
      p *= 10;
    }
  }
}
