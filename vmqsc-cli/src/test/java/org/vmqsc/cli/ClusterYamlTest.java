package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmqsc.sim.scenario.ScenarioLoader;
import org.vmqsc.sim.scenario.YamlValue;

/**
 * cluster.yaml is written by the YAML library and reads back as it was given, whatever the text
 * (quotes, colons, a hash, things YAML would take for a number, a boolean or null); and every
 * key's cluster up flag reaches the file.
 */
class ClusterYamlTest {
  /** Texts string concatenation got wrong, or that YAML reads as something else unquoted. */
  private static final List<String> AWKWARD = List.of("it's: #not a comment", "1", "1.5",
      "0x1F", "yes", "no", "null", "~", "true", " leading space", "-Xmx1g -Dx=\"a b\"",
      "[not, a, list]", "{not: a map}", "ümlaut ✓", "trailing space ", "&anchor", "*alias",
      "%percent", "@at", "`tick`", "a\\b", "multi\nline");

  @TempDir Path dir;

  @Test
  void everyTextReadsBackAsItWasWritten() throws IOException {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < AWKWARD.size(); i++) {
      values.put("k" + i, AWKWARD.get(i));
    }
    values.put("number", 7000L);
    values.put("numbers", List.of(7001L, 7002L));
    values.put("texts", List.of("10.0.0.2", "no", "a: b"));
    YamlValue root = readBack(RuntimeConfig.render(values));
    for (int i = 0; i < AWKWARD.size(); i++) {
      assertThat(root.get("k" + i).text()).as("k" + i).isEqualTo(AWKWARD.get(i));
    }
    assertThat(root.get("number").integer()).isEqualTo(7000);
    assertThat(root.get("numbers").items().stream().map(YamlValue::integer))
        .containsExactly(7001L, 7002L);
    assertThat(root.get("texts").items().stream().map(YamlValue::text))
        .containsExactly("10.0.0.2", "no", "a: b");
  }

  /**
   * cluster up with every key's flag at once (storage included, so that the S3 keys are
   * allowed): each value is in the config it would write, as given. Nothing is started.
   */
  @Test
  void everyKeysFlagReachesTheFile() throws IOException {
    List<String> args = new ArrayList<>(List.of("--scenario", "paper-fig2", "--dir",
        dir.toString()));
    Map<String, Object> expected = new LinkedHashMap<>();
    for (ConfigKey key : ConfigKey.ALL) {
      if (key.name().equals("scenario") || key.name().equals("dir")) {
        continue;
      }
      String given = switch (key.kind()) {
        case NUMBER -> "4242";
        case LIST_OF_NUMBERS -> "9001, 9002";
        case LIST_OF_TEXT -> "10.0.0.2,host-b";
        case TEXT -> key.name() + " it's: #" + key.name().length();
      };
      args.add(key.flag());
      args.add(given);
      expected.put(key.name(), switch (key.kind()) {
        case NUMBER -> 4242L;
        case LIST_OF_NUMBERS -> List.of(9001L, 9002L);
        case LIST_OF_TEXT -> List.of("10.0.0.2", "host-b");
        case TEXT -> key.name().equals("s3CredentialsFile")
            ? Path.of(given).toAbsolutePath().toString() : given;
      });
    }
    args.addAll(0, List.of("cluster", "up"));
    picocli.CommandLine.ParseResult parsed = Main.commandLine()
        .parseArgs(args.toArray(String[]::new));
    ClusterUpCommand command = parsed.subcommand().subcommand().commandSpec().commandLine()
        .getCommand();
    YamlValue root = readBack(RuntimeConfig.render(command.values(new ClusterDir(dir), 2)));
    assertThat(root.get("scenario").text()).isEqualTo("paper-fig2");
    assertThat(root.get("dir").text()).isEqualTo(dir.toAbsolutePath().toString());
    for (Map.Entry<String, Object> e : expected.entrySet()) {
      YamlValue v = root.get(e.getKey());
      Object read = e.getValue() instanceof List ? v.items().stream()
          .map(i -> i.isText() ? (Object) i.text() : i.integer()).toList()
          : e.getValue() instanceof Long ? (Object) v.integer() : v.text();
      assertThat(read).as(e.getKey() + " (" + ConfigKey.of(e.getKey()).flag() + ")")
          .isEqualTo(e.getValue());
    }
  }

  private YamlValue readBack(String text) throws IOException {
    Path f = dir.resolve("cluster.yaml");
    Files.writeString(f, text);
    return ScenarioLoader.readKeys(f);
  }
}
