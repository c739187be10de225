package org.vmqsc.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.vmqsc.cli.demo.DemoReport.Check;
import org.vmqsc.runtime.proto.VmLedger;

/**
 * A VM fails under a protocol that repairs no VM alone ({@link Promise#EVERY_VM}: coordinated
 * checkpointing, BCS): when its restart is due, the manager rolls EVERY VM back to the line. The
 * step watches the guests until each has its next incarnation and decides {@link Check#VM} from
 * their ledgers: each was rolled back exactly once, to its checkpoint of the line, and the line
 * is no older than the manager's at the failure.
 */
final class EveryVmFailureStep {
  private final DemoCluster c;
  private final int failed;

  EveryVmFailureStep(DemoCluster cluster, int failedVm) {
    this.c = cluster;
    this.failed = failedVm;
  }

  void run() throws Exception {
    Map<Integer, VmLedger> before = c.ledgers();
    int lineAtFailure = c.status().getDurableLine();
    long failAt = System.currentTimeMillis();
    c.client.failVm(failed);
    c.report.step("vm %d failed (line %d); when its restart is due every VM rolls back",
        failed, lineAtFailure);
    int[] line = {-1};
    AtomicReference<Map<Integer, VmLedger>> seen = new AtomicReference<>();
    if (!c.await(() -> {
      line[0] = c.status().getDurableLine(); // read first: the line never passes a VM's index
      seen.set(c.ledgers());
      return seen.get().values().stream().allMatch(l -> l.getUp()
          && l.getIncarnation() > before.get(l.getVm()).getIncarnation());
    }, "every VM rolled back after vm " + failed + "'s failure")) {
      c.report.fail(Check.VM, "not every VM rolled back and up again within "
          + DemoCluster.STEP_TIMEOUT_MILLIS / 1000 + " s");
      return;
    }
    long doneAt = System.currentTimeMillis();
    Map<Integer, VmLedger> after = seen.get();
    c.report.timing(String.format("VM %d: failure to every VM rolled back in %d ms (restart "
        + "delay %d ms)", failed, doneAt - failAt, c.spec.vmRestartMillis()));
    c.report.step("every VM rolled back after %d ms; line %d", doneAt - failAt, line[0]);
    List<String> problems = new ArrayList<>(
        GuestRollbackCheck.everyVm(before, after, line[0]));
    if (line[0] < lineAtFailure) {
      problems.add("line " + line[0] + " is older than the line at the failure " + lineAtFailure);
    }
    c.report.extent(String.format("VM failure: rolled back EVERY vm %s (P3 exempt by design) to "
        + "line %d; indexes after %s; incarnations %s", after.keySet(), line[0],
        indexes(after), incarnations(before, after)));
    c.report.decide(Check.VM, problems, "vms " + after.keySet() + " each rolled back once "
        + "(incarnation + 1), each at its checkpoint of line " + line[0] + " or a later one "
        + "taken since (line at the failure " + lineAtFailure + ")");
  }

  static String indexes(Map<Integer, VmLedger> ledgers) {
    StringBuilder b = new StringBuilder("[");
    ledgers.values().forEach(l -> b.append(b.length() == 1 ? "" : ", ").append(l.getVm())
        .append(':').append(l.getIndex()));
    return b.append(']').toString();
  }

  static String incarnations(Map<Integer, VmLedger> before, Map<Integer, VmLedger> after) {
    StringBuilder b = new StringBuilder("[");
    after.values().forEach(l -> b.append(b.length() == 1 ? "" : ", ").append(l.getVm())
        .append(':').append(before.get(l.getVm()).getIncarnation()).append("->")
        .append(l.getIncarnation()));
    return b.append(']').toString();
  }
}
