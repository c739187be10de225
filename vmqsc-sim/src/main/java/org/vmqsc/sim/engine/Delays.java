package org.vmqsc.sim.engine;

import java.util.SplittableRandom;
import org.vmqsc.sim.scenario.Scenario;

/**
 * The scenario's network-delay model: one delay per message, fixed, uniform or exponential. VM
 * messages and control messages draw from it, each from its own generator.
 */
final class Delays {
  private final Scenario.Network spec;
  private final SplittableRandom rnd;

  Delays(Scenario.Network spec, SplittableRandom rnd) {
    this.spec = spec;
    this.rnd = rnd;
  }

  /** A network without delay: a message arrives in the very step it is sent. */
  boolean instant() {
    return spec.kind() == Scenario.Network.DelayKind.FIXED && spec.aMillis() == 0;
  }

  /**
   * A delay that almost no message exceeds: the longest for fixed and uniform delays; for
   * exponential ones the delay exceeded with probability 1e-9 (mean times ln 1e9, about 20.7).
   */
  static long tail(Scenario.Network spec) {
    return switch (spec.kind()) {
      case FIXED -> Math.round(spec.aMillis());
      case UNIFORM -> Math.round(Math.max(spec.aMillis(), spec.bMillis()));
      case EXPONENTIAL -> (long) Math.ceil(spec.aMillis() * Math.log(1e9));
    };
  }

  /** One message's delay, in milliseconds. */
  long draw() {
    return switch (spec.kind()) {
      case FIXED -> Math.round(spec.aMillis());
      case UNIFORM -> Math.round(spec.aMillis() + rnd.nextDouble() * (spec.bMillis() - spec.aMillis()));
      case EXPONENTIAL -> Math.round(-Math.log(1 - rnd.nextDouble()) * spec.aMillis());
    };
  }
}
