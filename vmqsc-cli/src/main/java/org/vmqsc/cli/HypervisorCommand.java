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
    boolean rejoin = RuntimeConfig.rejoinWhenFenced(config);
    ProcessLogging.configure(logs.settings(config, ClusterDir.hostName(host)));
    ClusterSecret secret = ClusterSecret.load(cs.secretFile());
    for (int run = 0; ; run++) {
      Integer exit = runOnce(cs, metricsPort, secret);
      if (exit != null) {
        return exit;
      }
      if (!rejoin || run + 1 >= MAX_REJOINS) {
        spec.commandLine().getErr().println("vmqsc: host " + host + " was declared failed by "
            + "the manager and stopped" + (rejoin ? " for the " + MAX_REJOINS + "th time" : "")
            + "; restart it (vmqsc restart host " + host + ") to recover it");
        return ErrorHandling.RUNTIME_FAILURE;
      }
      // whenFenced: rejoin. Everything the fenced node held is gone with it (closed as a
      // crash would close it); the new node finds this host's boot marker and joins as
      // restarted, and the manager recovers it from stable storage (R9).
      org.slf4j.LoggerFactory.getLogger(HypervisorCommand.class).warn("host {}: fenced; "
          + "joining again as restarted (whenFenced: rejoin)", host);
    }
  }

  /** Most times one process rejoins after being fenced (whenFenced: rejoin) before it exits. */
  static final int MAX_REJOINS = 100;

  /**
   * Runs one node until it stops: null when the manager fenced it, else the process's exit
   * status (0 when it was stopped, 4 when the manager cannot be reached).
   */
  private Integer runOnce(ClusterSpec cs, int metricsPort, ClusterSecret secret)
      throws Exception {
    HypervisorNode node;
    try {
      node = new HypervisorNode(cs, host, secret).metricsPort(metricsPort).start();
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
      node.close(); // wait until it has let go of its ports, files and threads
      return null;
    }
    return 0;
  }
}
