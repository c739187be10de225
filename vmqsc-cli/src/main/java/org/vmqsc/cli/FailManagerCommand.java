package org.vmqsc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.cluster.ClusterSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc fail manager --dir DIR [N|leader]}: SIGKILLs the manager process. The hypervisors
 * keep running their VMs and keep their reports for when a manager answers again (D13). With a
 * replicated manager, {@code N} kills replica N, {@code leader} the one that leads now (the
 * others elect another, which the hosts then follow), and no argument every replica.
 */
@Command(name = "manager", description = "Kills the manager process (SIGKILL); with replicas, "
    + "replica N, the leader, or all of them.")
final class FailManagerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterDirOption cluster;

  @Parameters(arity = "0..1", paramLabel = "N|leader",
      description = "With a replicated manager: which replica (default: all of them).")
  String which;

  @Override
  public Integer call() throws Exception {
    ClusterSpec cs = cluster.spec(); // a directory without a cluster is bad input
    List<String> names = targets(cs);
    List<String> said = new ArrayList<>();
    for (String name : names) {
      Optional<Long> pid = cluster.dir().kill(name);
      said.add(pid.isEmpty() ? name + " is not running"
          : name + " killed (pid " + pid.get() + ")");
    }
    spec.commandLine().getOut().println(cs.replicas() == null && said.size() == 1
        ? said.get(0).replace(ClusterDir.MANAGER + " is", "the manager is")
            .replace(ClusterDir.MANAGER + " killed", "manager killed")
        : String.join("; ", said));
    return 0;
  }

  /** The process names {@code which} names; bad input is one line, exit 2. */
  private List<String> targets(ClusterSpec cs) throws InterruptedException {
    if (which == null) {
      return ClusterDir.managerNames(cs);
    }
    if (which.equals("leader")) {
      if (cs.replicas() == null) {
        return List.of(ClusterDir.MANAGER);
      }
      return List.of(ClusterDir.replicaName(leader(cs)));
    }
    int n;
    try {
      n = Integer.parseInt(which);
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "N|leader: \"" + which
          + "\" is neither a replica number nor leader");
    }
    if (cs.replicas() == null) {
      if (n != 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "N|leader: this cluster "
            + "has one manager (replica 0), not " + n);
      }
      return List.of(ClusterDir.MANAGER);
    }
    try {
      cs.replicas().get(n);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "N|leader: "
          + e.getMessage());
    }
    return List.of(ClusterDir.replicaName(n));
  }

  /** The replica that leads now, as the manager answering status says. */
  private int leader(ClusterSpec cs) throws InterruptedException {
    try (var client = cluster.client()) {
      for (var r : client.clusterStatus().getManagerReplicasList()) {
        if (r.getLeader()) {
          return r.getId();
        }
      }
    } catch (RuntimeException | java.io.IOException e) {
      // said below
    }
    throw new CommandLine.ParameterException(spec.commandLine(), "leader: no replica of "
        + cs.managerAddress() + " answers as the leader now (none elected yet?)");
  }
}
