package org.vmqsc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vmqsc.sim.scenario.ScenarioLoader;

/** Bundled scenarios cut short, as files, so the commands that run many simulations stay quick. */
final class ShortScenario {
  private ShortScenario() {}

  /** paper-fig2 at 120 s: its VM failure at 55 s happens, its host failure at 300 s does not. */
  static Path fig2(Path dir) throws IOException {
    try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/paper-fig2.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("duration: 600s", "duration: 120s");
      return Files.writeString(dir.resolve("fig2-short.yaml"), yaml);
    }
  }
}
