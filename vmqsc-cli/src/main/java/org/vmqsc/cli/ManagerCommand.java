package org.vmqsc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.manager.ManagerNode;
import org.vmqsc.runtime.replica.ManagerReplica;
import org.vmqsc.runtime.log.ProcessLogging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vmqsc manager --config F}: runs the manager process in the foreground. */
@Command(name = "manager", description = "Runs the VM_QSC manager (consistent line, recovery).")
final class ManagerCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, paramLabel = "FILE",
      description = "The cluster config (see vmqsc cluster up).")
  Path config;

  @Option(names = "--replica", paramLabel = "N",
      description = "Which of the manager's Ratis replicas this process is (a config with "
          + "managerPorts); it runs the manager while it leads.")
  Integer replica;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec command;

  @Mixin LogOptions logs;

  @Override
  public Integer call() throws Exception {
    ClusterSpec spec = RuntimeConfig.load(config);
    int metricsPort = RuntimeConfig.metricsPort(config, -1); // bad input before the secret
    if (spec.replicas() != null || replica != null) {
      return replica(spec, metricsPort);
    }
    ProcessLogging.configure(logs.settings(config, ClusterDir.MANAGER));
    ManagerNode node = new ManagerNode(spec, ClusterSecret.load(spec.secretFile()))
        .metricsPort(metricsPort).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    node.awaitTermination();
    return 0;
  }

  /**
   * One replica of a replicated manager. Replicas on distinct addresses each serve the metrics
   * port at their own address while they lead; replicas sharing an address serve none (two
   * would want the one managerMetricsPort in turn as the lead moves).
   */
  private int replica(ClusterSpec spec, int metricsPort) throws Exception {
    if (spec.replicas() == null || replica == null) {
      throw new picocli.CommandLine.ParameterException(command.commandLine(), spec.replicas()
          == null ? "--replica: " + config + " has one manager (no managerPorts)"
          : "--replica N is required: " + config + " lists " + spec.replicas().size()
              + " manager replicas");
    }
    try {
      spec.replicas().get(replica);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(command.commandLine(), "--replica: "
          + e.getMessage());
    }
    ProcessLogging.configure(logs.settings(config, ClusterDir.replicaName(replica)));
    boolean ownAddresses = spec.replicas().replicas().stream()
        .map(org.vmqsc.runtime.cluster.ManagerReplicas.Replica::address).distinct().count()
        == spec.replicas().size();
    ManagerReplica r = new ManagerReplica(spec, replica, ClusterSecret.load(spec.secretFile()),
        ownAddresses ? metricsPort : -1).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        r.close();
      } catch (java.io.IOException e) {
        // stopping anyway
      }
    }));
    r.awaitTermination();
    return 0;
  }
}
