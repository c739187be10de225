package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/config.md lists every cluster.yaml key with its unit, default and flag, and only those:
 * the code's side is its key table, the one the parser accepts keys by ({@link ConfigKey#ALL}),
 * so a key added, renamed or re-defaulted in one place and not the other fails here.
 */
class ConfigDocTest {
  private static final Path DOC = Path.of("..", "docs", "config.md");

  @Test
  void theDocListsEveryKeyTheCodeAcceptsWithItsUnitDefaultAndFlag() throws IOException {
    List<String> documented = new ArrayList<>();
    for (String[] row : rows()) {
      documented.add(row[0]);
    }
    assertThat(documented).as("keys in " + DOC + ", in the table's order")
        .containsExactlyElementsOf(ConfigKey.names());
    for (String[] row : rows()) {
      ConfigKey key = ConfigKey.of(row[0]);
      assertThat(row[1]).as(key.name() + "'s unit").isEqualTo(key.unit());
      assertThat(row[2]).as(key.name() + "'s default").isEqualTo(key.dflt());
      assertThat(row[3]).as(key.name() + "'s flag").isEqualTo("`" + key.flag() + "`");
      assertThat(row[4]).as(key.name() + "'s meaning").isNotBlank();
    }
  }

  /** Every key's flag is an option of cluster up (the flags test then fills each one). */
  @Test
  void clusterUpHasAFlagForEveryKey() {
    picocli.CommandLine up = Main.commandLine().getSubcommands().get("cluster")
        .getSubcommands().get("up");
    for (ConfigKey key : ConfigKey.ALL) {
      assertThat(up.getCommandSpec().findOption(key.flag())).as(key.flag()).isNotNull();
    }
  }

  /** The table's rows under "## Keys": key (without backticks), unit, default, flag, meaning. */
  private static List<String[]> rows() throws IOException {
    List<String[]> rows = new ArrayList<>();
    boolean inKeys = false;
    for (String line : Files.readAllLines(DOC)) {
      if (line.startsWith("## ")) {
        inKeys = line.equals("## Keys");
      } else if (inKeys && line.startsWith("| `")) {
        String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
          row[i] = cells[i].strip();
        }
        row[0] = row[0].replace("`", "");
        assertThat(row).as(line).hasSize(5);
        rows.add(row);
      }
    }
    return rows;
  }
}
