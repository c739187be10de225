package org.vmqsc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vmqsc fail vm V --dir DIR}: crashes VM V; its hypervisor restores it (R9, D10). */
@Command(name = "vm", description = "Crashes one VM; its hypervisor restores it locally.")
final class FailVmCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "V", description = "The VM id.")
  int vm;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The cluster.")
  Path dir;

  @Override
  public Integer call() throws Exception {
    ClusterDir cd = new ClusterDir(dir);
    ClusterSpec cs = cd.spec();
    RecoveryGuard.require(spec, cs);
    if (vm < 0 || vm >= cs.topology().vms()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "vm " + vm + " is not in 0.."
          + (cs.topology().vms() - 1));
    }
    try (ClusterClient client = cd.client(cs)) {
      boolean failed = client.failVm(vm);
      spec.commandLine().getOut().println(failed ? "vm " + vm + " failed; restart in "
          + cs.vmRestartMillis() + " ms" : "vm " + vm + " was already down");
    }
    return 0;
  }
}
