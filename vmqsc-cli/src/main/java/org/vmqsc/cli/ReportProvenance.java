package org.vmqsc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;
import org.vmqsc.report.Provenance;
import org.vmqsc.sim.scenario.ScenarioLoader;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The provenance of a report {@code compare} or {@code sweep} writes: this build's version and
 * commit, the time (or {@code SOURCE_DATE_EPOCH}, the reproducible-builds convention, so that a
 * regenerated report can be byte-identical), the command as typed, and the SHA-256 of the
 * scenario text that ran.
 */
final class ReportProvenance {
  private ReportProvenance() {}

  static Provenance of(CommandSpec spec, String scenarioNameOrPath) {
    VersionProvider.Build b = VersionProvider.build();
    // The root's arguments, subcommand included: the command line as typed.
    String command = "vmqsc " + spec.root().commandLine().getParseResult()
        .originalArgs().stream().map(ReportProvenance::quoted).collect(Collectors.joining(" "));
    return new Provenance(b.version(), b.commit() + (b.dirty() ? "-dirty" : ""),
        date(System.getenv("SOURCE_DATE_EPOCH")), command,
        Provenance.sha256(scenarioText(scenarioNameOrPath)));
  }

  static String date(String sourceDateEpoch) {
    Instant t = sourceDateEpoch != null && sourceDateEpoch.matches("\\d+")
        ? Instant.ofEpochSecond(Long.parseLong(sourceDateEpoch))
        : Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return t.toString();
  }

  /** As ScenarioLoader reads it: a bundled scenario's resource, else the file (loaded already). */
  static String scenarioText(String nameOrPath) {
    if (ScenarioLoader.bundledNames().contains(nameOrPath)) {
      try (InputStream in = ScenarioLoader.class.getResourceAsStream(
          "/scenarios/" + nameOrPath + ".yaml")) {
        if (in != null) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return Files.readString(Path.of(nameOrPath));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // it was read a moment ago to run the scenario
    }
  }

  private static String quoted(String arg) {
    return arg.matches("[A-Za-z0-9._/+=:@%,-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }
}
