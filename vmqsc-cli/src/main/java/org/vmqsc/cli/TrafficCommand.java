package org.vmqsc.cli;

import java.util.concurrent.Callable;
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
 * {@code off} and {@code --check}, waits for the cluster to go quiet and checks P2 and P6 on the
 * guests' ledgers (every channel received what was sent; the bank total is unchanged).
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

  @Option(names = "--check", description = "After off: wait until quiet, check P2 and P6.")
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
      boolean quiet = ClusterDir.await(() -> ClusterClient.checkQuiet(client.allLedgers(), cs)
          .isEmpty(), QUIET_TIMEOUT_MILLIS);
      if (!quiet) {
        for (String p : ClusterClient.checkQuiet(client.allLedgers(), cs)) {
          spec.commandLine().getOut().println("violation: " + p);
        }
        return 1;
      }
      spec.commandLine().getOut().println("quiet: every channel received what was sent"
          + (cs.bank() ? "; bank total conserved" : ""));
    }
    return 0;
  }
}
