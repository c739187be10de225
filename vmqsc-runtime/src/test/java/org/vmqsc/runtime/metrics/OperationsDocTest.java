package org.vmqsc.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md lists every metric a process serves, with its type: a metric registered in
 * the code and missing from the doc (or listed with another type, or listed and no longer
 * registered) fails here. The meters are all registered when a process's metrics are made, so a
 * scrape of fresh ones lists every family a live process serves.
 */
class OperationsDocTest {
  static final Path DOC = Path.of("..", "docs", "operations.md");
  /** A row of the doc's metric tables: | `name` | type | ... */
  private static final Pattern ROW = Pattern.compile("^\\| `(vmqsc_[a-z0-9_]+)` \\| (\\w+) \\|");

  @Test
  void everyMetricServedIsInTheDocWithItsTypeAndNothingElseIs() throws Exception {
    Map<String, String> served = new TreeMap<>();
    HostMetrics host = new HostMetrics(0);
    host.watch(new Zeros());
    served.putAll(families(host.registry().scrape()));
    served.putAll(families(new ManagerMetrics(2).registry().scrape()));

    Map<String, String> documented = new TreeMap<>();
    for (String line : Files.readAllLines(DOC)) {
      Matcher m = ROW.matcher(line);
      if (m.find()) {
        documented.put(m.group(1), m.group(2));
      }
    }
    assertThat(documented).as("metrics in docs/operations.md's tables, by name and type")
        .isEqualTo(served);
  }

  /**
   * The families of an exposition by type; each histogram's {@code _max} gauge (Micrometer adds
   * one) is documented with its histogram, once, not row by row.
   */
  static Map<String, String> families(String text) {
    Map<String, String> types = new Exposition(text).types;
    Map<String, String> out = new TreeMap<>(types);
    types.forEach((name, type) -> {
      if (name.endsWith("_max") && "histogram".equals(
          types.get(name.substring(0, name.length() - "_max".length())))) {
        out.remove(name);
      }
    });
    return out;
  }

  private static final class Zeros implements HostMetrics.Sources {
    @Override
    public long storageQueue() {
      return 0;
    }

    @Override
    public long storageBytes() {
      return 0;
    }

    @Override
    public long relayReceived() {
      return 0;
    }

    @Override
    public long relayFrames() {
      return 0;
    }

    @Override
    public long relayStalls() {
      return 0;
    }

    @Override
    public long relayOutstanding() {
      return 0;
    }

    @Override
    public long stableLogRecords() {
      return 0;
    }
  }
}
