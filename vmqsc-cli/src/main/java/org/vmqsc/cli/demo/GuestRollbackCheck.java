package org.vmqsc.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vmqsc.runtime.cluster.LedgerWire;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * A rollback's extent as the guests show it: two snapshots of every VM's ledger (up, index,
 * incarnation, per-peer counts, from its hypervisor), one before the failure and one after the
 * recovery. Pure, so each promise can be shown a cluster that broke it.
 */
final class GuestRollbackCheck {
  private GuestRollbackCheck() {}

  /**
   * {@link Promise#EVERY_VM}: every VM was rolled back exactly once (its incarnation moved by
   * one) and restarted from its checkpoint of {@code line} (index at or past the line: BCS's
   * checkpoint of line n is a VM's first with sn >= n; a coordinated VM stands at round n).
   */
  static List<String> everyVm(Map<Integer, VmLedger> before, Map<Integer, VmLedger> after,
      int line) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Integer, VmLedger> e : before.entrySet()) {
      int v = e.getKey();
      VmLedger b = e.getValue();
      VmLedger a = after.get(v);
      if (a == null || !a.getUp()) {
        problems.add("vm " + v + " is not up after the rollback");
        continue;
      }
      if (a.getIncarnation() != b.getIncarnation() + 1) {
        problems.add("vm " + v + ": incarnation " + b.getIncarnation() + " -> "
            + a.getIncarnation() + " (expected " + (b.getIncarnation() + 1) + ": one rollback)");
      }
      if (a.getIndex() < line) {
        problems.add("vm " + v + ": index " + a.getIndex() + " after the rollback, behind the "
            + "line " + line);
      }
    }
    return problems;
  }

  /**
   * {@link Promise#LOGGED} (and R9's VM failure): the VMs outside {@code failed} kept their
   * incarnation, and their index and ledger counts did not go back; the failed VMs are up again.
   * (What a failed VM replays is judged on the quiet cluster: nothing lost, nothing twice.)
   */
  static List<String> othersUndisturbed(Map<Integer, VmLedger> before,
      Map<Integer, VmLedger> after, Set<Integer> failed) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<Integer, VmLedger> e : before.entrySet()) {
      int v = e.getKey();
      VmLedger b = e.getValue();
      VmLedger a = after.get(v);
      if (a == null || !a.getUp()) {
        problems.add("vm " + v + " is not up after the recovery");
      } else if (!failed.contains(v)) {
        if (a.getIncarnation() != b.getIncarnation()) {
          problems.add("vm " + v + ": incarnation " + b.getIncarnation() + " -> "
              + a.getIncarnation() + " (rolled back)");
        }
        if (a.getIndex() < b.getIndex()) {
          problems.add("vm " + v + ": index went back " + b.getIndex() + " -> " + a.getIndex());
        }
        countsNotBack(v, b, a, problems);
      }
    }
    return problems;
  }

  private static void countsNotBack(int v, VmLedger b, VmLedger a, List<String> problems) {
    for (org.vmqsc.runtime.proto.PeerLedger c : LedgerWire.channels(b)) {
      int p = c.getPeer();
      if (LedgerWire.received(a, p) < c.getRecvCount() || LedgerWire.sent(a, p) < c.getSentCount()) {
        problems.add("vm " + v + ": ledger counts with vm " + p + " went back (restored)");
      }
    }
  }
}
