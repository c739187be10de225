package org.vmqsc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.hypervisor.HypervisorNode;
import org.vmqsc.sim.scenario.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vmqsc hypervisor --id H --config F}: runs host H's hypervisor in the foreground. */
@Command(name = "hypervisor", description = "Runs one host's VM_QSC hypervisor and its VMs.")
final class HypervisorCommand implements Callable<Integer> {
  @Option(names = "--id", required = true, paramLabel = "H", description = "The host id.")
  int host;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The cluster config (see vmqsc cluster up).")
  Path config;

  @Override
  public Integer call() throws Exception {
    ClusterSpec spec = RuntimeConfig.load(config);
    if (host < 0 || host >= spec.topology().hosts()) {
      throw new ScenarioException(config.toString(), "--id", "host " + host + " is not in 0.."
          + (spec.topology().hosts() - 1));
    }
    HypervisorNode node = new HypervisorNode(spec, host, ClusterSecret.load(spec.secretFile()))
        .start();
    node.awaitTermination();
    return 0;
  }
}
