package org.vmqsc.cli;

import io.grpc.StatusRuntimeException;
import java.util.concurrent.Callable;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.proto.CheckpointNowResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc checkpoint now}: the manager has every host take the next line's tick now and
 * answers the line's index once it is durable (VM_QSC; docs/operations.md, "checkpoint now").
 */
@Command(name = "now", description = "Takes a consistent line now (every VM at the next index) "
    + "and prints its index once it is durable (vmqsc protocol only).")
final class CheckpointNowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ClusterDirOption cluster;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
      description = "How long to wait for the line to become durable (default: "
          + "${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--json", description = "One JSON object {schema, line, waitedMillis}.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    long wait = Watching.millis(spec, "--timeout", timeout);
    try (ClusterClient client = cluster.client()) {
      CheckpointNowResponse r;
      try {
        r = client.checkpointNow(wait);
      } catch (StatusRuntimeException e) {
        String why = e.getStatus().getDescription();
        if (why != null && why.startsWith("checkpoint now:")) { // the manager's refusal
          ErrorHandling.print(spec.commandLine().getErr(), why);
          return ErrorHandling.RUNTIME_FAILURE;
        }
        return StatusCommand.doesNotAnswer(spec.commandLine(), cluster.spec(), e);
      }
      if (json) {
        var o = Json.object();
        o.put("schema", 1);
        o.put("line", r.getLine());
        o.put("waitedMillis", r.getWaitedMillis());
        Json.print(spec.commandLine().getOut(), o);
      } else {
        spec.commandLine().getOut().printf("line %d durable (waited %d ms)%n", r.getLine(),
            r.getWaitedMillis());
      }
      return 0;
    }
  }
}
