package org.vmqsc.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vmqsc.cli.demo.DemoReport.Check;
import org.vmqsc.core.check.Finding;
import org.vmqsc.runtime.cluster.ClusterOracle;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * On a quiet cluster, the guests' ledgers judged by the shared checks ({@link ClusterOracle}, the
 * simulator's own): the bank total is what the VMs started with and no money is in flight (P6),
 * and on every channel the receiver's hash chain equals the sender's (P1, P2): the same
 * messages, in the same order, none lost, none twice. Decides {@link Check#BANK} and {@link
 * Check#CHANNELS}.
 */
final class LedgerCheck {
  private LedgerCheck() {}

  static void decide(ClusterSpec spec, Map<Integer, VmLedger> byVm, DemoReport report) {
    int n = spec.topology().vms();
    List<String> bank = new ArrayList<>();
    List<String> channels = new ArrayList<>();
    for (Finding f : ClusterOracle.quiet(spec, List.copyOf(byVm.values()))) {
      (f.property().equals("P6") ? bank : channels).add(f.detail());
    }
    if (!spec.bank()) {
      bank.add("not a bank workload");
    }
    boolean down = channels.stream().anyMatch(p -> p.endsWith("still down at the end of the run")
        || p.contains("keeps no ledger"));
    if (down) {
      bank.addAll(channels); // nothing to add up without every guest
    }
    long total = byVm.values().stream().mapToLong(VmLedger::getBalance).sum();
    report.decide(Check.BANK, bank, "total " + total + " = " + n + " x " + spec.initialBalance());
    long messages = byVm.values().stream()
        .mapToLong(org.vmqsc.runtime.cluster.LedgerWire::receivedTotal).sum();
    report.decide(Check.CHANNELS, channels, n * (n - 1) + " channels, " + messages
        + " messages, each received once and in order (hash chains)");
  }
}
