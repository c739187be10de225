package org.vmqsc.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.cluster.ClusterClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc restart manager --dir DIR}: starts the manager again. It reloads its durable state
 * (epoch, lines, incarnations, rollback history, placement) and carries on; returns when it
 * answers.
 */
@Command(name = "manager", description = "Restarts a killed manager; it carries on from its state.")
final class RestartManagerCommand implements Callable<Integer> {
  static final long START_TIMEOUT_MILLIS = 30_000;

  @Spec CommandSpec spec;

  @Mixin ClusterDirOption cluster;

  @Override
  public Integer call() throws Exception {
    ClusterDir cd = cluster.dir();
    cluster.spec(); // a directory without a cluster is bad input
    if (!cd.awaitGone(ClusterDir.MANAGER, ClusterDir.REAP_WAIT_MILLIS)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "the manager is running (vmqsc fail manager first)");
    }
    try (ClusterClient client = cluster.client()) {
      ProcessHandle started = cd.launch(ClusterDir.MANAGER, List.of("manager", "--config",
          cd.config().toString()));
      // A manager that cannot start (its port taken, say) dies at once: say why then, rather
      // than after the whole timeout.
      boolean answered = ClusterDir.await(() -> !started.isAlive()
          || client.clusterStatus() != null, START_TIMEOUT_MILLIS) && started.isAlive();
      if (!started.isAlive()) {
        spec.commandLine().getErr().println("vmqsc: the manager exited at start: "
            + cd.exitReason(ClusterDir.MANAGER) + " (see " + cd.log(ClusterDir.MANAGER) + ")");
        return ErrorHandling.RUNTIME_FAILURE;
      }
      if (!answered) {
        spec.commandLine().getErr().println("vmqsc: the manager did not answer within "
            + START_TIMEOUT_MILLIS / 1000 + " s; see " + cd.log(ClusterDir.MANAGER));
        return ErrorHandling.RUNTIME_FAILURE;
      }
      var s = client.clusterStatus();
      spec.commandLine().getOut().println("manager restarted at durable line "
          + s.getDurableLine() + " (taken " + s.getTakenLine() + ")");
    }
    return 0;
  }
}
