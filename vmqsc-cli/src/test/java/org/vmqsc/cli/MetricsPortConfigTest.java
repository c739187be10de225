package org.vmqsc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics ports in cluster.yaml (docs/operations.md): each process's own, 0 or absent for any
 * free port; a bad one is one line and exit 2 before the process starts anything.
 */
class MetricsPortConfigTest {
  @TempDir Path dir;

  private Path config(String extra) throws IOException {
    Files.writeString(dir.resolve("secret"), "0123456789abcdef0123456789abcdef0123456789abcdef"
        + "0123456789abcdef\n");
    Path f = dir.resolve("cluster.yaml");
    Files.writeString(f, "scenario: paper-fig2\ndir: '" + dir + "'\nmanagerPort: 7000\n"
        + "relayPorts: [7001, 7002]\ncontrolPorts: [7101, 7102]\n" + extra);
    return f;
  }

  @Test
  void eachProcessReadsItsOwnPortAndAbsentMeansAnyFreePort() throws IOException {
    Path f = config("managerMetricsPort: 7200\nmetricsPorts: [7201, 7202]\n");
    RuntimeConfig.load(f); // the keys are known
    assertThat(RuntimeConfig.metricsPort(f, -1)).isEqualTo(7200);
    assertThat(RuntimeConfig.metricsPort(f, 0)).isEqualTo(7201);
    assertThat(RuntimeConfig.metricsPort(f, 1)).isEqualTo(7202);
    Path none = config("");
    assertThat(RuntimeConfig.metricsPort(none, -1)).isZero();
    assertThat(RuntimeConfig.metricsPort(none, 1)).isZero();
  }

  @Test
  void aBadMetricsPortIsOneLineAndExit2() throws IOException {
    CliRun r = CliRun.of("manager", "--config", config("managerMetricsPort: 70000\n").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("managerMetricsPort", "0..65535");
    r = CliRun.of("hypervisor", "--id", "1", "--config",
        config("metricsPorts: [7201]\n").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err()).contains("metricsPorts", "host 1");
  }
}
