package org.vmqsc.cli;

import org.vmqsc.runtime.cluster.ClusterSpec;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Failure and recovery commands need a cluster that recovers: one running a baseline protocol
 * (none; for benchmarks) would lose messages or wait for ever, so they are refused
 * before anything is touched, with one line and exit status 2.
 */
final class RecoveryGuard {
  private RecoveryGuard() {}

  static void require(CommandSpec command, ClusterSpec cluster) {
    if (!cluster.roles().recovers()) {
      throw new CommandLine.ParameterException(command.commandLine(), "this cluster runs "
          + "protocol " + cluster.protocol() + ", which does not recover failed VMs or "
          + "hosts; see protocol in " + RuntimeConfig.FILE_NAME);
    }
  }
}
