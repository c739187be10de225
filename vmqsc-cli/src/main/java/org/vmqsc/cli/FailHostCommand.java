package org.vmqsc.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.cluster.ClusterSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmqsc fail host H --dir DIR}: SIGKILLs host H's hypervisor process (and its VMs). */
@Command(name = "host", description = "Kills a host's hypervisor process (SIGKILL).")
final class FailHostCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "H", description = "The host id.")
  int host;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The cluster.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    ClusterDir cd = new ClusterDir(dir);
    ClusterSpec cs = cd.spec();
    RecoveryGuard.require(spec, cs);
    if (host < 0 || host >= cs.topology().hosts()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "host " + host
          + " is not in 0.." + (cs.topology().hosts() - 1));
    }
    Optional<Long> pid = cd.kill(ClusterDir.hostName(host));
    spec.commandLine().getOut().println(pid.isEmpty() ? "host " + host + " is not running"
        : "host " + host + " killed (pid " + pid.get() + ")");
    return 0;
  }
}
