package org.vmqsc.cli;

import java.util.concurrent.Callable;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmqsc fail vm V --dir DIR}: crashes VM V; its hypervisor restores it (R9, D10). */
@Command(name = "vm", description = "Crashes one VM; its hypervisor restores it locally.")
final class FailVmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "V", description = "The VM id.")
  int vm;

  @Mixin ClusterDirOption cluster;

  @Override
  public Integer call() throws Exception {
    ClusterSpec cs = cluster.spec();
    RecoveryGuard.require(spec, cs);
    cluster.vm(vm);
    try (ClusterClient client = cluster.client()) {
      boolean failed = client.failVm(vm);
      spec.commandLine().getOut().println(failed ? "vm " + vm + " failed; restart in "
          + cs.vmRestartMillis() + " ms" : "vm " + vm + " was already down");
    }
    return 0;
  }
}
