package org.vmqsc.sim;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.vmqsc.sim.scenario.Scenario;
import org.vmqsc.sim.scenario.ScenarioLoader;

/** Scenarios for tests: the bundled ones, and test resources by file name. */
final class Scenarios {
  private Scenarios() {}

  static Scenario bundled(String name) {
    return ScenarioLoader.load(name);
  }

  static Scenario resource(String file) {
    try {
      return ScenarioLoader.load(
          Path.of(Scenarios.class.getResource("/" + file).toURI()).toString());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
