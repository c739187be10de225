package org.vmqsc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.manager.ManagerNode;
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

  @Mixin LogOptions logs;

  @Override
  public Integer call() throws Exception {
    ClusterSpec spec = RuntimeConfig.load(config);
    int metricsPort = RuntimeConfig.metricsPort(config, -1); // bad input before the secret
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
}
