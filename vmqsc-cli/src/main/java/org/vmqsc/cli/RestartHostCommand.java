package org.vmqsc.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.cluster.ClusterClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc restart host H --dir DIR}: starts host H's hypervisor again. It comes back empty,
 * joins as restarted, and the manager recovers it (R9); returns when the recovery is done.
 */
@Command(name = "host", description = "Restarts a killed host; the manager recovers it.")
final class RestartHostCommand implements Callable<Integer> {
  static final long RECOVERY_TIMEOUT_MILLIS = 30_000;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "H", description = "The host id.")
  int host;

  @Mixin ClusterDirOption cluster;

  @Override
  public Integer call() throws Exception {
    ClusterDir cd = cluster.dir();
    String name = ClusterDir.hostName(host);
    RecoveryGuard.require(spec, cluster.spec());
    cluster.host(host);
    // Right after a SIGKILL the process may still be going (or be an unreaped zombie): wait
    // for it rather than refuse a restart that is about to be right.
    if (!cd.awaitGone(name, ClusterDir.REAP_WAIT_MILLIS)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "host " + host
          + " is running (vmqsc fail host " + host + " first)");
    }
    try (ClusterClient client = cluster.client()) {
      int joins = client.clusterStatus().getHosts(host).getJoins();
      ProcessHandle started = cd.launch(name, List.of("hypervisor", "--id",
          Integer.toString(host), "--config", cd.config().toString()));
      boolean done = ClusterDir.await(() -> {
        var h = client.clusterStatus().getHosts(host);
        return !started.isAlive()
            || h.getJoins() > joins && h.getAlive() && !h.getAwaitingRecovery();
      }, RECOVERY_TIMEOUT_MILLIS);
      if (!started.isAlive()) { // its port taken, say: say why at once, not after the timeout
        spec.commandLine().getErr().println("vmqsc: host " + host + " exited: "
            + cd.exitReason(name) + " (see " + cd.log(name) + ")");
        return ErrorHandling.RUNTIME_FAILURE;
      }
      if (!done) {
        spec.commandLine().getErr().println("vmqsc: host " + host + " not recovered within "
            + RECOVERY_TIMEOUT_MILLIS / 1000 + " s; see " + cd.log(name));
        return ErrorHandling.RUNTIME_FAILURE;
      }
      var s = client.clusterStatus();
      if (s.getVmHostList().contains(host)) {
        spec.commandLine().getOut().println("host " + host + " recovered to durable line "
            + s.getDurableLine() + " (recovery " + s.getRecoveries() + ")");
      } else {
        spec.commandLine().getOut().println("host " + host + " rejoined empty: its VMs were "
            + "restarted on other hosts (relocateAfter)");
      }
    }
    return 0;
  }
}
