package org.vmqsc.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vmqsc.cli.demo.DemoReport.Check;
import org.vmqsc.core.protocol.HypervisorPort.Rollback;
import org.vmqsc.runtime.proto.ClusterStatusResponse;

/**
 * D7 on a host recovery, from the manager's own records: the line it recovered to (its status)
 * is the durable line at the kill, no newer than the taken line; every VM it rolled back (its
 * state file's rollback history) went to that line, every VM of the failed host is among them,
 * and exactly those VMs have a new incarnation.
 */
final class HostRollbackCheck {
  private final DemoCluster c;
  private final int host;
  private final ClusterStatusResponse atKill;
  private final int durableBeforeRecovery;
  private final List<String> problems = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /**
   * {@code durableBeforeRecovery}: the manager's durable line as last seen before its recovery
   * count moved, which is the line the recovery had to use.
   */
  HostRollbackCheck(DemoCluster cluster, int host, ClusterStatusResponse atKill,
      int durableBeforeRecovery) {
    this.c = cluster;
    this.host = host;
    this.atKill = atKill;
    this.durableBeforeRecovery = durableBeforeRecovery;
  }

  /** Decides {@link Check#HOST} from the status after the recovery and its rollbacks. */
  void decide(ClusterStatusResponse after, List<Rollback> rollbacks) {
    Map<Integer, Integer> rolled = new TreeMap<>(); // vm -> line
    for (Rollback r : rollbacks) {
      rolled.put(r.vm(), r.line());
    }
    int line = after.getLastRecoveryLine();
    if (rolled.isEmpty()) {
      problems.add("the manager's state file records no rollback for this recovery");
    }
    if (rolled.values().stream().anyMatch(l -> l != line)) {
      problems.add("rollbacks to other lines than the recovery's " + line + ": " + rolled);
    }
    checkLine(line);
    checkIncarnations(after, rolled);
    int durableAtKill = atKill.getDurableLine();
    c.report.extent(String.format("host failure: rolled back vms %s to line %d (durable line at "
        + "the kill %d; source: manager.state rollback history); incarnations %s",
        rolled.keySet(), line, durableAtKill, DemoCluster.incarnations(after, -1)));
    String detail = "recovery line " + line + ", durable line at the kill " + durableAtKill
        + ", rolled back " + rolled.keySet()
        + (notes.isEmpty() ? "" : "; note: " + String.join("; ", notes));
    c.report.decide(Check.HOST, problems.isEmpty() ? problems
        : List.of(String.join("; ", problems) + " (" + detail + ")"), detail);
  }

  private void checkLine(int line) {
    checkLine(line, atKill, durableBeforeRecovery, problems, notes);
  }

  /**
   * The recovery line is the durable line at the kill, or the one the manager had when the
   * recovery started, and no newer than the taken line at the kill.
   */
  static void checkLine(int line, ClusterStatusResponse atKill, int durableBeforeRecovery,
      List<String> problems, List<String> notes) {
    int durableAtKill = atKill.getDurableLine();
    if (line < 0) {
      problems.add("the manager reports no recovery line");
    } else if (line != durableAtKill) {
      if (line == durableBeforeRecovery && line > durableAtKill) {
        notes.add("the manager's durable line moved " + durableAtKill + " -> " + line + " after "
            + "the kill, before the recovery started (lazy writes that completed around the "
            + "kill were confirmed late); the recovery used the line of that moment");
      } else {
        problems.add("recovery line " + line + " != durable line at the kill " + durableAtKill
            + " (manager's durable line when recovery started: " + durableBeforeRecovery + ")");
      }
    }
    if (line > atKill.getTakenLine()) {
      problems.add("recovery line " + line + " is past the taken line at the kill "
          + atKill.getTakenLine());
    }
  }

  /** The failed host's VMs rolled back; exactly the rolled back VMs have a new incarnation. */
  private void checkIncarnations(ClusterStatusResponse after, Map<Integer, Integer> rolled) {
    for (int v = 0; v < c.spec.topology().vms(); v++) {
      int i0 = atKill.getIncarnation(v);
      int i1 = after.getIncarnation(v);
      if (c.spec.topology().hostOf(v) == host && !rolled.containsKey(v)) {
        problems.add("vm " + v + " of host " + host + " not rolled back");
      }
      if (rolled.containsKey(v) && i1 != i0 + 1) {
        problems.add("vm " + v + ": incarnation " + i0 + " -> " + i1 + " (expected " + (i0 + 1)
            + ")");
      }
      if (!rolled.containsKey(v) && i1 != i0) {
        problems.add("vm " + v + " not in the rollback set but incarnation " + i0 + " -> " + i1);
      }
    }
  }
}
