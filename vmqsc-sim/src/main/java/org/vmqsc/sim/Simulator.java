package org.vmqsc.sim;

import org.vmqsc.sim.engine.Simulation;
import org.vmqsc.sim.scenario.Scenario;

/** Runs one scenario: the entry point for the command line, tests and benchmarks. */
public final class Simulator {
  private Simulator() {}

  public static SimResult run(Scenario scenario, SimOptions options) {
    return new Simulation(scenario, options).run();
  }
}
