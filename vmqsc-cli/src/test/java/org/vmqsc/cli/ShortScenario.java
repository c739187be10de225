package org.vmqsc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.vmqsc.sim.Protocols;
import org.vmqsc.sim.scenario.ScenarioLoader;

/** Bundled scenarios cut short, as files, so the commands that run many simulations stay quick. */
final class ShortScenario {
  private ShortScenario() {}

  /** paper-fig2 at 120 s: its VM failure at 55 s happens, its host failure at 300 s does not. */
  /** Every protocol that can run paper-fig2, long or short (none cannot: it has failures). */
  static List<String> fig2Protocols() {
    return Protocols.runnableOn(List.of(ScenarioLoader.load("paper-fig2")));
  }

  static Path fig2(Path dir) throws IOException {
    try (InputStream in = ScenarioLoader.class.getResourceAsStream("/scenarios/paper-fig2.yaml")) {
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("duration: 600s", "duration: 120s");
      return Files.writeString(dir.resolve("fig2-short.yaml"), yaml);
    }
  }
}
