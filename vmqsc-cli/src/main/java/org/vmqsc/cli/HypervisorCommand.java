package org.vmqsc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.hypervisor.HypervisorNode;
import org.vmqsc.sim.scenario.ScenarioException;
import org.vmqsc.runtime.log.ProcessLogging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vmqsc hypervisor --id H --config F}: runs host H's hypervisor in the foreground. */
@Command(name = "hypervisor", description = "Runs one host's VM_QSC hypervisor and its VMs.")
final class HypervisorCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--id", required = true, paramLabel = "H", description = "The host id.")
  int host;

  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The cluster config (see vmqsc cluster up).")
  Path config;

  @Mixin LogOptions logs;

  @Option(names = "--manager", paramLabel = "ADDR",
      description = "The manager's host:port, if not the config's (another machine).")
  String manager;

  @Override
  public Integer call() throws Exception {
    ClusterSpec cs = RuntimeConfig.load(config);
    if (manager != null) {
      try {
        cs = cs.withManager(manager);
      } catch (IllegalArgumentException e) {
        throw new ScenarioException(config.toString(), "--manager", e.getMessage());
      }
    }
    if (host < 0 || host >= cs.topology().hosts()) {
      throw new ScenarioException(config.toString(), "--id", "host " + host + " is not in 0.."
          + (cs.topology().hosts() - 1));
    }
    int metricsPort = RuntimeConfig.metricsPort(config, host); // bad input before the secret
    ProcessLogging.configure(logs.settings(config, ClusterDir.hostName(host)));
    HypervisorNode node;
    try {
      node = new HypervisorNode(cs, host, ClusterSecret.load(cs.secretFile()))
          .metricsPort(metricsPort).start();
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE
          && e.getStatus().getCode() != io.grpc.Status.Code.DEADLINE_EXCEEDED) {
        throw e;
      }
      // Expected, not a bug: one line, no trace (the process's log has when it began asking).
      ErrorHandling.print(spec.commandLine().getErr(), "host " + host + ": the manager at "
          + cs.managerAddress() + " did not answer (" + e.getStatus().getCode() + "); start it "
          + "first, or check managerPort and managerAddress in " + config);
      return ErrorHandling.UNREACHABLE;
    }
    node.awaitTermination();
    if (node.wasFenced()) {
      spec.commandLine().getErr().println("vmqsc: host " + host + " was declared failed by the "
          + "manager and stopped; restart it (vmqsc restart host " + host + ") to recover it");
      return ErrorHandling.RUNTIME_FAILURE;
    }
    return 0;
  }
}
