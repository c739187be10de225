package org.vmqsc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vmqsc images list}: the objects, log records checked, checkpoints not read through. */
@Command(name = "list", description = "Lists every checkpoint and log object with its VM, "
    + "interval, size and CRC state (checkpoints are read by verify).")
final class ImagesListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterDirOption cluster;

  @Option(names = "--json", description = "One JSON object {schema, verified, damaged, objects}.")
  boolean json;

  @Override
  public Integer call() {
    long damaged = ImagesCommand.scanAndPrint(spec.commandLine(), cluster.spec(), false, json);
    return damaged < 0 ? ErrorHandling.RUNTIME_FAILURE : 0;
  }
}
