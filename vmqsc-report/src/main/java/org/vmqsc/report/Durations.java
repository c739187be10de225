package org.vmqsc.report;

import java.math.BigDecimal;
import org.vmqsc.sim.scenario.Units;

/** Durations given on the command line, in the scenarios' own grammar ({@link Units}). */
public final class Durations {
  private Durations() {}

  /** Milliseconds (≥ 0, possibly fractional), or NaN when {@code text} is not a duration. */
  public static double millis(String text) {
    BigDecimal millis = Units.millis(text.strip());
    return millis == null || millis.signum() < 0 ? Double.NaN : millis.doubleValue();
  }
}
