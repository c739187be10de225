package org.vmqsc.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vmqsc images verify}: reads every object and checks its CRC32C; exit 1 if any fails. */
@Command(name = "verify", description = "Reads every checkpoint and log object and checks its "
    + "CRC32C; exits 1 if any is damaged.")
final class ImagesVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterDirOption cluster;

  @Option(names = "--json", description = "One JSON object {schema, verified, damaged, objects}.")
  boolean json;

  @Override
  public Integer call() {
    long damaged = ImagesCommand.scanAndPrint(spec.commandLine(), cluster.spec(), true, json);
    return damaged != 0 ? ErrorHandling.CHECK_FAILED : 0; // a failed check (issue 13, item 8)
  }
}
