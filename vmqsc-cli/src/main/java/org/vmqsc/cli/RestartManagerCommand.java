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

  @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "N",
      description = "With a replicated manager: the replica to start again (it rejoins the "
          + "Ratis group and catches up from the leader).")
  Integer replica;

  @Override
  public Integer call() throws Exception {
    ClusterDir cd = cluster.dir();
    org.vmqsc.runtime.cluster.ClusterSpec cs = cluster.spec(); // no cluster here: bad input
    String name = name(cs);
    if (!cd.awaitGone(name, ClusterDir.REAP_WAIT_MILLIS)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          name + " is running (vmqsc fail manager" + (replica == null ? "" : " " + replica)
              + " first)");
    }
    if (cs.replicas() != null) {
      return restartReplica(cd, name);
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

  private String name(org.vmqsc.runtime.cluster.ClusterSpec cs) {
    if (cs.replicas() == null) {
      if (replica != null && replica != 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "N: this cluster has one "
            + "manager (replica 0), not " + replica);
      }
      return ClusterDir.MANAGER;
    }
    if (replica == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "N: which of the "
          + cs.replicas().size() + " manager replicas (0.." + (cs.replicas().size() - 1) + ")");
    }
    try {
      cs.replicas().get(replica);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "N: " + e.getMessage());
    }
    return ClusterDir.replicaName(replica);
  }

  /**
   * Starts replica {@code name} again; returns once the leader hears from it (or it leads), so
   * the group has its 2f+1 again.
   */
  private int restartReplica(ClusterDir cd, String name) throws Exception {
    try (ClusterClient client = cluster.client()) {
      ProcessHandle started = cd.launch(name, cd.managerArgs(name));
      boolean back = ClusterDir.await(() -> !started.isAlive() || client.clusterStatus()
          .getManagerReplicasList().stream().anyMatch(r -> r.getId() == replica
              && (r.getLeader() || (r.getLastHeardMillis() >= 0
                  && r.getLastHeardMillis() < 1000))), START_TIMEOUT_MILLIS);
      if (!started.isAlive()) {
        spec.commandLine().getErr().println("vmqsc: " + name + " exited at start: "
            + cd.exitReason(name) + " (see " + cd.log(name) + ")");
        return ErrorHandling.RUNTIME_FAILURE;
      }
      if (!back) {
        spec.commandLine().getErr().println("vmqsc: the leader did not hear from " + name
            + " within " + START_TIMEOUT_MILLIS / 1000 + " s; see " + cd.log(name));
        return ErrorHandling.RUNTIME_FAILURE;
      }
      var s = client.clusterStatus();
      spec.commandLine().getOut().println(name + " restarted: it is back in the group (term "
          + s.getManagerTerm() + ", durable line " + s.getDurableLine() + ")");
    }
    return 0;
  }
}
