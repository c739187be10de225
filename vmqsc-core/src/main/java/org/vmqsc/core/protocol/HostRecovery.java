package org.vmqsc.core.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.vmqsc.core.model.Message;

/**
 * R9, host failure, as the manager runs it. It chooses the durable line Y, the smallest set of
 * VMs that must return to it (the failed hosts' VMs, plus every VM that received a message sent
 * at index >= Y by a VM in the set, transitively), tells every hypervisor which executions are now
 * void, rebuilds each VM of the set at Y, and only then re-delivers what each had received after
 * Y, so that no message meets a receiver that is still in the old execution.
 */
public final class HostRecovery {
  /** What a recovery did: the line, the failed hosts and the VMs rolled back. */
  public record Plan(int line, Set<Integer> failedHosts, Set<Integer> rollback) {}

  private final Manager manager;
  private final List<int[]> history = new ArrayList<>();

  public HostRecovery(Manager manager) {
    this.manager = manager;
  }

  /**
   * Recovers the VMs of {@code failedHosts}. {@code hypervisor} gives the live hypervisor of a
   * surviving host, and for a failed host the fresh hypervisor that replaces it (restarted, with no
   * VMs yet).
   */
  public Plan recover(Set<Integer> failedHosts, IntFunction<Hypervisor> hypervisor) {
    Topology t = manager.topology();
    int y = manager.durableLine();
    if (y < 0) {
      throw new IllegalStateException("no durable line yet: initial checkpoints not written");
    }
    Set<Integer> rollback = closure(t, y, failedHosts, hypervisor);
    for (int h : failedHosts) {
      for (int[] rb : history) {
        hypervisor.apply(h).incarnations().record(rb[0], rb[1], rb[2]);
      }
    }
    for (int v : rollback) {
      int inc = manager.nextIncarnation(v);
      history.add(new int[] {v, inc, y});
      for (int h = 0; h < t.hosts(); h++) {
        hypervisor.apply(h).noteRollback(v, inc, y);
        manager.listener().controlMessage("rollback");
      }
      manager.storage().discardFuture(v, inc, y);
    }
    Map<Integer, List<Message>> redeliver = new HashMap<>();
    for (int v : rollback) {
      Hypervisor hv = hypervisor.apply(t.hostOf(v));
      int inc = hv.incarnations().current(v);
      redeliver.put(v, failedHosts.contains(t.hostOf(v))
          ? LineRollback.fromStable(hv, v, y, inc)
          : LineRollback.fromMemory(hv, v, y, inc));
      manager.rolledBackTo(v, y);
      manager.listener().restoredToLine(v, y, hv.slot(v).guest);
    }
    for (int v : rollback) {
      Hypervisor hv = hypervisor.apply(t.hostOf(v));
      VmSlot s = hv.slot(v);
      hv.afterRestore(s);
      for (Message m : redeliver.get(v)) {
        hv.deliverRecovered(s, m);
      }
      hv.drain(s);
    }
    for (int h = 0; h < t.hosts(); h++) {
      if (!failedHosts.contains(h)) {
        hypervisor.apply(h).retransmitTo(failedHosts);
      }
    }
    manager.listener().rolledBack(rollback, y);
    return new Plan(y, Set.copyOf(failedHosts), rollback);
  }

  /** The failed hosts' VMs and, transitively, every VM that depends on one of them since y. */
  static Set<Integer> closure(Topology t, int y, Set<Integer> failedHosts,
      IntFunction<Hypervisor> hypervisor) {
    Map<Integer, Set<Integer>> dependents = new HashMap<>();
    for (int v = 0; v < t.vms(); v++) {
      if (!failedHosts.contains(t.hostOf(v))) {
        for (int sender : hypervisor.apply(t.hostOf(v)).dependenciesSince(v, y)) {
          dependents.computeIfAbsent(sender, s -> new TreeSet<>()).add(v);
        }
      }
    }
    Set<Integer> out = new TreeSet<>();
    ArrayDeque<Integer> todo = new ArrayDeque<>();
    for (int v = 0; v < t.vms(); v++) {
      if (failedHosts.contains(t.hostOf(v))) {
        out.add(v);
        todo.add(v);
      }
    }
    while (!todo.isEmpty()) {
      for (int d : dependents.getOrDefault(todo.poll(), Set.of())) {
        if (out.add(d)) {
          todo.add(d);
        }
      }
    }
    return out;
  }
}
