package org.vmqsc.sim.engine;

import java.util.SplittableRandom;
import org.vmqsc.sim.scenario.Scenario;

/** Puts the scenario's failures on the schedule: those at given times, and those drawn from each
 * VM's and each host's mean time between failures (exponential gaps), up to the end of traffic. */
final class FailurePlan {
  private FailurePlan() {}

  static void schedule(Scenario s, SplittableRandom rnd, EventQueue queue) {
    Scenario.Failures f = s.failures();
    for (Scenario.Failure at : f.at()) {
      queue.schedule(at.atMillis(), at.host() ? Event.Kind.HOST_FAIL : Event.Kind.VM_FAIL,
          at.target(), 0, null);
    }
    drawn(rnd, queue, f.vmMtbfMillis(), s.vmCount(), s.durationMillis(), Event.Kind.VM_FAIL);
    drawn(rnd, queue, f.hostMtbfMillis(), s.hosts(), s.durationMillis(), Event.Kind.HOST_FAIL);
  }

  private static void drawn(SplittableRandom rnd, EventQueue queue, long mtbf, int targets,
      long until, Event.Kind kind) {
    if (mtbf <= 0) {
      return;
    }
    for (int t = 0; t < targets; t++) {
      double at = 0;
      while (true) {
        at += -Math.log(1 - rnd.nextDouble()) * mtbf;
        if (at >= until) {
          break;
        }
        queue.schedule(Math.round(at), kind, t, 0, null);
      }
    }
  }
}
