package org.vmqsc.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmqsc fail host H --dir DIR}: SIGKILLs host H's hypervisor process (and its VMs). */
@Command(name = "host", description = "Kills a host's hypervisor process (SIGKILL).")
final class FailHostCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "H", description = "The host id.")
  int host;

  @Mixin ClusterDirOption cluster;

  @Override
  public Integer call() throws Exception {
    RecoveryGuard.require(spec, cluster.spec());
    cluster.host(host);
    Optional<Long> pid = cluster.dir().kill(ClusterDir.hostName(host));
    spec.commandLine().getOut().println(pid.isEmpty() ? "host " + host + " is not running"
        : "host " + host + " killed (pid " + pid.get() + ")");
    return 0;
  }
}
