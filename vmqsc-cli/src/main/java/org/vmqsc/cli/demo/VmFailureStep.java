package org.vmqsc.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vmqsc.cli.demo.DemoReport.Check;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.JournalEntry;
import org.vmqsc.runtime.proto.VmLedger;
import org.vmqsc.runtime.proto.VmStatus;

/**
 * A VM fails and its own hypervisor restores it from its checkpoint and log (R9): no other VM may
 * go down, roll back or lose ledger entries, and the manager runs no recovery. The same holds of
 * pessimistic logging ({@link Promise#LOGGED}), whose manager keeps no incarnations or rollback
 * history (those parts then hold trivially). Decides {@link Check#VM} from the hypervisors' VM
 * status, the guests' ledgers and the manager's state, taken before the failure and again two
 * periods after the VM is back.
 */
final class VmFailureStep {
  /** The cluster as the step sees it at one moment. */
  private record Snapshot(ClusterStatusResponse manager, Map<Integer, VmStatus> vms,
      Map<Integer, VmLedger> ledgers) {
    static Snapshot of(DemoCluster c) {
      return new Snapshot(c.status(), c.vmStatuses(), c.ledgers());
    }
  }

  private final DemoCluster c;
  private final int failed;
  private final List<String> problems = new ArrayList<>();

  VmFailureStep(DemoCluster cluster, int failedVm) {
    this.c = cluster;
    this.failed = failedVm;
  }

  void run() throws Exception {
    Snapshot before = Snapshot.of(c);
    long failAt = System.currentTimeMillis();
    c.client.failVm(failed);
    c.report.step("vm %d failed (line %s)", failed, DemoCluster.lines(before.manager()));
    long upAt = watchUntilUp(failAt);
    if (upAt < 0) {
      c.report.fail(Check.VM, "vm " + failed + " not up again within "
          + DemoCluster.STEP_TIMEOUT_MILLIS / 1000 + " s");
      return;
    }
    c.report.timing(String.format("VM %d: down to up again in %d ms (restart delay %d ms)",
        failed, upAt - failAt, c.spec.vmRestartMillis()));
    c.report.step("vm %d up again after %d ms", failed, upAt - failAt);
    Thread.sleep(2 * c.spec.basePeriodMillis()); // let the replayed execution go on a while
    Snapshot after = Snapshot.of(c);
    compare(before, after, failAt);
    c.report.extent(String.format("VM failure: rolled back only vm %d (restored by its own "
        + "hypervisor from its checkpoint and log); vm %d incarnation %d -> %d; other VMs' "
        + "incarnations %s unchanged", failed, failed, before.vms().get(failed).getIncarnation(),
        after.vms().get(failed).getIncarnation(), others(after)));
    c.report.decide(Check.VM, problems, "vms " + others() + ": never down, incarnations, "
        + "indices and ledgers unchanged or moving forward; no hypervisor restored a VM to a line");
  }

  /** Watches every VM while the failed one is down: when it is up again, or -1 on timeout. */
  private long watchUntilUp(long failAt) throws InterruptedException {
    long deadline = failAt + DemoCluster.STEP_TIMEOUT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      Map<Integer, VmStatus> st = c.vmStatuses();
      for (VmStatus v : st.values()) {
        if (v.getVm() != failed && !v.getUp()) {
          problems.add("vm " + v.getVm() + " seen down");
        }
      }
      VmStatus f = st.get(failed);
      if (f != null && f.getUp() && System.currentTimeMillis() - failAt > 50) {
        return System.currentTimeMillis();
      }
      Thread.sleep(20);
    }
    return -1;
  }

  /**
   * Every other VM unchanged or moving forward (its hypervisor's ledger and incarnation), and no
   * hypervisor's journal shows a VM restored to a line since the failure (a host recovery).
   */
  private void compare(Snapshot before, Snapshot after, long failAt) {
    problems.addAll(GuestRollbackCheck.othersUndisturbed(before.ledgers(), after.ledgers(),
        Set.of(failed)));
    for (JournalEntry e : c.client.journals()) {
      if (e.getKind() == JournalEntry.Kind.RESTORED && e.getAtMillis() >= failAt) {
        problems.add("vm " + e.getVm() + " restored to line " + e.getIndex() + " by host "
            + e.getHost() + " (a rollback)");
      }
    }
  }

  /** The other VMs' incarnations, as their hypervisors report them. */
  private String others(Snapshot s) {
    List<String> out = new ArrayList<>();
    s.vms().forEach((vm, st) -> {
      if (vm != failed) {
        out.add("vm " + vm + ": " + st.getIncarnation());
      }
    });
    return out.toString();
  }

  private String others() {
    List<Integer> vms = new ArrayList<>();
    for (int v = 0; v < c.spec.topology().vms(); v++) {
      if (v != failed) {
        vms.add(v);
      }
    }
    return vms.toString();
  }
}
