package org.vmqsc.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc fail manager --dir DIR}: SIGKILLs the manager process. The hypervisors keep
 * running their VMs and keep their reports for when a manager answers again (D13).
 */
@Command(name = "manager", description = "Kills the manager process (SIGKILL).")
final class FailManagerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterDirOption cluster;

  @Override
  public Integer call() throws Exception {
    cluster.spec(); // a directory without a cluster is bad input
    Optional<Long> pid = cluster.dir().kill(ClusterDir.MANAGER);
    spec.commandLine().getOut().println(pid.isEmpty() ? "the manager is not running"
        : "manager killed (pid " + pid.get() + ")");
    return 0;
  }
}
