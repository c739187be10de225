package org.vmqsc.cli;

import java.util.concurrent.Callable;
import org.vmqsc.runtime.cluster.ClusterCheck;
import org.vmqsc.runtime.cluster.ClusterClient;
import org.vmqsc.runtime.cluster.ClusterSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vmqsc traffic on|off --dir DIR}: starts or stops the guests' timers on every host; with
 * {@code off} and {@code --check}, waits for the cluster to drain and runs the runtime's oracle
 * ({@link ClusterCheck}): P1, P2, P6 on the guests' ledgers (hash chains per channel, the bank
 * total) and P3, P5 on the hypervisors' journals (replays and restores by state digest).
 */
@Command(name = "traffic", description = "Turns guest traffic on or off; --check verifies a "
    + "quiet cluster's ledgers.")
final class TrafficCommand implements Callable<Integer> {
  static final long QUIET_TIMEOUT_MILLIS = 30_000;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "on|off", description = "on or off.")
  Switch state;

  enum Switch { on, off }

  @Mixin ClusterDirOption cluster;

  @Option(names = "--check", description = "After off: wait until drained, then check P1, P2, "
      + "P6 (ledgers, hash chains) and P3, P5 (the hypervisors' journals, digests).")
  boolean check;

  @Override
  public Integer call() throws Exception {
    ClusterSpec cs = cluster.spec();
    try (ClusterClient client = cluster.client()) {
      client.setTraffic(state == Switch.on);
      spec.commandLine().getOut().println("traffic " + state);
      if (!check || state == Switch.on) {
        return 0;
      }
      ClusterCheck.Outcome o = ClusterCheck.afterDrain(client, cs, QUIET_TIMEOUT_MILLIS,
          line -> spec.commandLine().getOut().println(line));
      for (String v : o.violations()) {
        spec.commandLine().getOut().println("violation: " + v);
      }
      if (!o.ok()) {
        return ErrorHandling.CHECK_FAILED;
      }
      spec.commandLine().getOut().println("quiet: every channel received exactly what was sent, "
          + "in order (" + o.messages() + " messages, by hash chain)"
          + (cs.bank() ? "; bank total conserved" : "") + "; " + o.restores()
          + " restore(s) and " + o.replays() + " VM replay(s) in the hypervisors' journals hold "
          + "their digests");
    }
    return 0;
  }
}
