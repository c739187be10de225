package org.vmqsc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vmqsc.sim.scenario.ScenarioException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc cluster down --dir DIR}: stops the cluster's processes (hosts first). Only
 * processes that still run our command line are signalled ({@link PidFile}). A config that no
 * longer parses (edited by hand) does not stop it: the pid files say what runs.
 */
@Command(name = "down", description = "Stops a local cluster's processes.")
final class ClusterDownCommand implements Callable<Integer> {
  static final long STOP_WAIT_MILLIS = 5_000;

  @Spec CommandSpec spec;

  @Mixin ClusterDirOption cluster;

  @Override
  public Integer call() throws Exception {
    ClusterDir cd = cluster.dir();
    List<String> names;
    String note = "";
    try {
      names = ClusterDir.names(cluster.spec());
    } catch (ScenarioException e) {
      if (!Files.isRegularFile(cd.config())) {
        throw e; // no cluster here at all: bad input
      }
      names = fromPidFiles(cd);
      note = " (" + RuntimeConfig.FILE_NAME + " does not parse; stopped what its pid files name: "
          + e.getMessage() + ")";
    }
    int stopped = 0;
    for (int i = names.size() - 1; i >= 0; i--) {
      if (stop(cd, names.get(i))) {
        stopped++;
      }
      Files.deleteIfExists(cd.pidFile(names.get(i)));
    }
    spec.commandLine().getOut().printf("stopped %d processes%s%n", stopped, note);
    return 0;
  }

  /** SIGTERM (the shutdown hook flushes), then SIGKILL after a while; false when not running. */
  private static boolean stop(ClusterDir cd, String name) throws Exception {
    Optional<ProcessHandle> p = cd.process(name);
    if (p.isEmpty()) {
      return false;
    }
    p.get().destroy();
    if (!cd.awaitGone(name, STOP_WAIT_MILLIS)) {
      cd.kill(name);
    }
    return true;
  }

  /** The process names with a pid file in the directory, manager first. */
  private static List<String> fromPidFiles(ClusterDir cd) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(cd.dir)) {
      files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".pid"))
          .map(f -> f.substring(0, f.length() - ".pid".length()))
          .sorted(Comparator.comparing((String n) -> !n.equals(ClusterDir.MANAGER))
              .thenComparing(Comparator.naturalOrder()))
          .forEach(names::add);
    }
    return names;
  }
}
