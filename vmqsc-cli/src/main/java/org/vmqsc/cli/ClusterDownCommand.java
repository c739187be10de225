package org.vmqsc.cli;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.vmqsc.runtime.cluster.ClusterSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code vmqsc cluster down --dir DIR}: stops the cluster's processes (hosts first). */
@Command(name = "down", description = "Stops a local cluster's processes.")
final class ClusterDownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterDirOption cluster;

  @Override
  public Integer call() throws Exception {
    ClusterDir cd = cluster.dir();
    ClusterSpec cs = cluster.spec();
    List<String> names = ClusterDir.names(cs);
    int stopped = 0;
    for (int i = names.size() - 1; i >= 0; i--) {
      Optional<ProcessHandle> p = cd.process(names.get(i));
      if (p.isPresent()) {
        p.get().destroy();
        try {
          p.get().onExit().get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          p.get().destroyForcibly();
        }
        stopped++;
      }
      Files.deleteIfExists(cd.pidFile(names.get(i)));
    }
    spec.commandLine().getOut().printf("stopped %d processes%n", stopped);
    return 0;
  }
}
