package org.vmqsc.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vmqsc.cli.demo.DemoReport.Check;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * On a quiet cluster, the guests' ledgers: the bank total is what the VMs started with (P6), and
 * on every channel the receiver counted as many messages as the sender sent (P2): none lost, none
 * delivered twice. Decides {@link Check#BANK} and {@link Check#CHANNELS}.
 */
final class LedgerCheck {
  private LedgerCheck() {}

  static void decide(ClusterSpec spec, Map<Integer, VmLedger> byVm, DemoReport report) {
    int n = spec.topology().vms();
    List<String> down = new ArrayList<>();
    long total = 0;
    for (int v = 0; v < n; v++) {
      VmLedger l = byVm.get(v);
      if (l == null || !l.getUp()) {
        down.add("vm " + v + " is not up");
      } else {
        total += l.getBalance();
      }
    }
    if (!down.isEmpty()) {
      report.decide(Check.BANK, down, "");
      report.decide(Check.CHANNELS, down, "");
      return;
    }
    long expected = spec.initialBalance() * n;
    List<String> bank = new ArrayList<>();
    if (!spec.bank()) {
      bank.add("not a bank workload");
    } else if (total != expected) {
      bank.add("total " + total + " != " + expected);
    }
    report.decide(Check.BANK, bank, "total " + total + " = " + n + " x " + spec.initialBalance());
    channels(n, byVm, report);
  }

  private static void channels(int n, Map<Integer, VmLedger> byVm, DemoReport report) {
    List<String> bad = new ArrayList<>();
    long messages = 0;
    int channels = 0;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        int sent = byVm.get(a).getSentCount(b);
        int received = byVm.get(b).getRecvCount(a);
        if (a != b) {
          channels++;
          messages += sent;
        }
        if (sent != received) {
          bad.add(a + "->" + b + ": sent " + sent + ", received " + received);
        }
      }
    }
    report.decide(Check.CHANNELS, bad, channels + " channels, " + messages + " messages, none "
        + "lost, none twice");
  }
}
