package org.vmqsc.cli.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vmqsc.cli.demo.DemoReport.Check;
import org.vmqsc.runtime.proto.ClusterStatusResponse;

/**
 * D7 on a host recovery, from what the hypervisors saw, not the manager's account of itself:
 * the VMs restored since the kill (their journals) all went to one line, which is the durable
 * line at the kill (the manager's status then: the line the recovery had to use), no newer than
 * the taken line; every VM of the failed host is among them, and exactly those VMs have a new
 * incarnation (as their hypervisors report it). The manager's own last recovery line is printed
 * as information only. Whether each restore holds the state its VM had at that line (P5) is
 * judged at the end of the story from the same journals.
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

  /**
   * Decides {@link Check#HOST}: {@code restored}, vm to line, as the journals recorded since the
   * kill; {@code incAtKill} and {@code incAfter}, vm to incarnation, from the hypervisors.
   */
  void decide(ClusterStatusResponse after, Map<Integer, Integer> restoredToLine,
      Map<Integer, Integer> incAtKill, Map<Integer, Integer> incAfter) {
    Map<Integer, Integer> restored = new TreeMap<>(restoredToLine); // printed in VM order
    Set<Integer> lines = new TreeSet<>(restored.values());
    int line = lines.isEmpty() ? -1 : lines.iterator().next();
    if (restored.isEmpty()) {
      problems.add("no hypervisor recorded a restore since the kill");
    } else if (lines.size() > 1) {
      problems.add("restores to several lines: " + restored);
    }
    checkLine(line);
    checkIncarnations(restored, incAtKill, incAfter);
    int durableAtKill = atKill.getDurableLine();
    c.report.extent(String.format("host failure: rolled back vms %s to line %d (durable line at "
        + "the kill %d; source: the hypervisors' journals; the manager says line %d); "
        + "incarnations %s", restored.keySet(), line, durableAtKill,
        after.getLastRecoveryLine(), incAfter.values()));
    String detail = "recovery line " + line + ", durable line at the kill " + durableAtKill
        + ", rolled back " + restored.keySet()
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
      problems.add("no recovery line: nothing was restored");
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
  private void checkIncarnations(Map<Integer, Integer> rolled, Map<Integer, Integer> incAtKill,
      Map<Integer, Integer> incAfter) {
    for (int v = 0; v < c.spec.topology().vms(); v++) {
      int i0 = incAtKill.getOrDefault(v, -1);
      int i1 = incAfter.getOrDefault(v, -1);
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
