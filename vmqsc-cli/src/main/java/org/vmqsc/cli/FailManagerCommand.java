package org.vmqsc.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc fail manager --dir DIR}: SIGKILLs the manager process. The hypervisors keep
 * running their VMs and keep their reports for when a manager answers again (D13).
 */
@Command(name = "manager", description = "Kills the manager process (SIGKILL).")
final class FailManagerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The cluster.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    ClusterDir cd = new ClusterDir(dir);
    cd.spec(); // a directory without a cluster is bad input
    Optional<Long> pid = cd.kill(ClusterDir.MANAGER);
    spec.commandLine().getOut().println(pid.isEmpty() ? "the manager is not running"
        : "manager killed (pid " + pid.get() + ")");
    return 0;
  }
}
