package org.vmqsc.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --dir} option of the commands that act on a local cluster (cluster up and down,
 * status, fail, restart, traffic), and what each of them then needs: the directory, the cluster's
 * spec, a client, and the range checks of a host or VM id. The environment variable
 * {@value #ENV} stands in for a missing {@code --dir}, so a shell session can name its cluster
 * once.
 */
final class ClusterDirOption {
  static final String ENV = "VMQSC_DIR";

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:" + ENV + "}",
      description = "The cluster's directory (default: $" + ENV + " when set).")
  Path path;

  private ClusterDir cd;
  private ClusterSpec spec;

  /** The directory; neither {@code --dir} nor {@value #ENV} is a usage error (exit 2). */
  ClusterDir dir() {
    if (cd == null) {
      if (path == null || path.toString().isBlank()) {
        throw new CommandLine.ParameterException(command.commandLine(),
            "Missing required option: '--dir=DIR' (or set " + ENV + ")");
      }
      cd = new ClusterDir(path);
    }
    return cd;
  }

  /** The spec of the cluster in the directory; no cluster there is bad input (exit 2). */
  ClusterSpec spec() {
    if (spec == null) {
      spec = dir().spec();
    }
    return spec;
  }

  /** A new client of the cluster; the caller closes it. */
  ClusterClient client() throws IOException {
    return dir().client(spec());
  }

  /** {@code host}, when the cluster has it; else a usage error (exit 2). */
  int host(int host) {
    return inRange("host", host, spec().topology().hosts());
  }

  /** {@code vm}, when the cluster has it; else a usage error (exit 2). */
  int vm(int vm) {
    return inRange("vm", vm, spec().topology().vms());
  }

  private int inRange(String what, int id, int count) {
    if (id < 0 || id >= count) {
      throw new CommandLine.ParameterException(command.commandLine(), what + " " + id
          + " is not in 0.." + (count - 1));
    }
    return id;
  }
}
