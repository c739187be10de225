package org.vmqsc.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vmqsc.cli.demo.DemoReport.Check;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * A host recovery judged from the guests, for the protocols whose manager keeps no rollback
 * history: under {@link Promise#EVERY_VM} every VM rolled back once to its checkpoint of the
 * recovery's line, and that line is the durable line of the kill (as {@link HostRollbackCheck}
 * asks of VM_QSC); under {@link Promise#LOGGED} the failed host's VMs are up again and no VM of
 * another host was disturbed. Decides {@link Check#HOST}.
 */
final class HostGuestCheck {
  private HostGuestCheck() {}

  /**
   * {@code atKill}: the guests' ledgers and the manager's status just before the kill;
   * {@code after}: both once the recovery was done and every VM up.
   */
  static void decide(DemoCluster c, int host, Map<Integer, VmLedger> ledgersAtKill,
      ClusterStatusResponse atKill, int durableBeforeRecovery, Map<Integer, VmLedger> after,
      ClusterStatusResponse afterStatus) {
    List<String> problems = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Set<Integer> onHost = new TreeSet<>();
    for (int v : c.spec.topology().vmsOn(host)) {
      onHost.add(v);
    }
    String detail;
    if (c.report.promise() == Promise.EVERY_VM) {
      int line = afterStatus.getLastRecoveryLine();
      HostRollbackCheck.checkLine(line, atKill, durableBeforeRecovery, problems, notes);
      problems.addAll(GuestRollbackCheck.everyVm(ledgersAtKill, after, line));
      detail = "every vm " + after.keySet() + " rolled back once (incarnation + 1), "
          + "each at its checkpoint of line " + line + " or a later one taken since (durable line "
          + "at the kill " + atKill.getDurableLine() + ")";
      c.report.extent(String.format("host failure: rolled back EVERY vm %s to line %d; indexes "
          + "after %s; incarnations %s", after.keySet(), line, EveryVmFailureStep.indexes(after),
          EveryVmFailureStep.incarnations(ledgersAtKill, after)));
    } else {
      problems.addAll(GuestRollbackCheck.othersUndisturbed(ledgersAtKill, after, onHost));
      detail = "vms " + onHost + " of host " + host + " up again; the others' incarnations, "
          + "indexes and ledgers unchanged or moving forward";
      c.report.extent(String.format("host failure: rolled back only host %d's vms %s (replayed "
          + "from the log); indexes after %s", host, onHost, EveryVmFailureStep.indexes(after)));
    }
    if (!notes.isEmpty()) {
      detail += "; note: " + String.join("; ", notes);
    }
    c.report.decide(Check.HOST, problems.isEmpty() ? problems
        : List.of(String.join("; ", problems) + " (" + detail + ")"), detail);
  }
}
