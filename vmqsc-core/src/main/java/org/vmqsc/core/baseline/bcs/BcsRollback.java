package org.vmqsc.core.baseline.bcs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.role.HostCalls;
import org.vmqsc.core.spi.ProtocolListener;

/**
 * Recovery under BCS, the manager's side: every VM returns to the durable line n, whatever failed
 * (index-based CIC keeps no log for local recovery). Line n is each VM's first checkpoint with
 * sn >= n; it is consistent because a VM's receipts before that checkpoint all carry sn < n (a
 * higher one would have forced it), so their senders had sent them before their own line
 * checkpoints.
 *
 * <p>Three phases of calls, each finished on every host before the next starts, so that no
 * message meets a receiver still in its old execution: (1) every VM is rebuilt from durable
 * storage in a new incarnation the manager hands out; (2) every host learns all the rollbacks
 * (its orphan filter); (3) each VM gets the channel state of the line again (messages sent with
 * sn < n that its restored state has not received, from the durable CHANNEL records), then
 * anything still valid it held undelivered. Everything else in flight was sent at sn >= n by an
 * undone execution: an orphan, dropped on arrival. Phases 1 and 3 go in VM order, one call per run
 * of consecutive VMs on the same host.
 */
final class BcsRollback {
  private final Topology topo;
  private final ProtocolListener listener;
  private final Incarnations incarnations;
  private final BcsManager lines;
  private final HostCalls calls;

  BcsRollback(Topology topo, ProtocolListener listener, Incarnations incarnations,
      BcsManager lines, HostCalls calls) {
    this.topo = topo;
    this.listener = listener;
    this.incarnations = incarnations;
    this.lines = lines;
    this.calls = calls;
  }

  /** Rolls every VM back to the durable line; returns the line. */
  int rollbackAll() {
    int n = lines.durableLine();
    for (int h = 0; h < topo.hosts(); h++) {
      listener.controlMessage("rollback");
    }
    List<BcsControl.Rollback> before = List.copyOf(incarnations.history());
    for (List<Integer> run : runs()) {
      Map<Integer, Integer> incarnationOf = new TreeMap<>();
      run.forEach(v -> incarnationOf.put(v, incarnations.current(v) + 1));
      BcsControl.Restored r = (BcsControl.Restored) calls.call(topo.hostOf(run.get(0)),
          new BcsControl.Restore(n, before, incarnationOf));
      for (int v : run) {
        int sn = r.snOf().get(v);
        incarnations.add(new BcsControl.Rollback(v, incarnationOf.get(v), n, sn));
        lines.rolledBack(v, sn, n);
      }
    }
    BcsControl.NoteRollbacks note = new BcsControl.NoteRollbacks(incarnations.history());
    for (int h = 0; h < topo.hosts(); h++) {
      calls.call(h, note);
    }
    for (List<Integer> run : runs()) {
      calls.call(topo.hostOf(run.get(0)), new BcsControl.Redeliver(n, run));
    }
    Set<Integer> all = new TreeSet<>();
    for (int v = 0; v < topo.vms(); v++) {
      all.add(v);
    }
    listener.rolledBack(all, n);
    return n;
  }

  /** All VMs in ascending order, cut where the host changes. */
  private List<List<Integer>> runs() {
    List<List<Integer>> runs = new ArrayList<>();
    for (int v = 0; v < topo.vms(); v++) {
      if (runs.isEmpty() || topo.hostOf(v) != topo.hostOf(v - 1)) {
        runs.add(new ArrayList<>());
      }
      runs.get(runs.size() - 1).add(v);
    }
    return runs;
  }
}
