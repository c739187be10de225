package org.vmqsc.core.protocol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Ack;

/**
 * R9, host failure, as the manager runs it, in five phases of one message per hypervisor each
 * ({@link HypervisorPort}). It takes the durable line Y; asks the survivors which VMs heard from
 * whom since Y; rolls back the smallest set of VMs that must return to Y (the failed hosts' VMs,
 * plus every VM that received a message sent at index >= Y by a VM in the set, transitively); tells
 * every hypervisor which executions are now void; has each rebuild its VMs of the set at Y; and
 * only when all stand at Y lets them re-deliver what they had received after Y and re-send kept
 * copies, so that no message meets a receiver still in its old execution.
 */
public final class HostRecovery {
  /**
   * What a recovery did: the line, the failed hosts and the VMs rolled back; {@code damagedLine}
   * is the durable line it could not use because a base checkpoint was damaged (D15), or -1.
   */
  public record Plan(int line, Set<Integer> failedHosts, Set<Integer> rollback, int damagedLine) {}

  private final Manager manager;
  private final List<HypervisorPort.Rollback> history = new ArrayList<>();
  /** The history as the executions it made void, to tell current stable items (D15). */
  private final IncarnationTable undone;
  /** The plan under way (chosen, not yet carried out to its end), or null. */
  private RecoveryPlan pending;
  private Consumer<RecoveryPlan> onPlanned = p -> {};

  /** D15 for log records ({@code Rules.damagedLogCheck}); on unless a test breaks it. */
  private final boolean checkLogs;

  public HostRecovery(Manager manager) {
    this(manager, Rules.ALL);
  }

  public HostRecovery(Manager manager, Rules rules) {
    this.manager = manager;
    this.undone = new IncarnationTable();
    this.checkLogs = rules == null || rules.damagedLogCheck();
  }

  /** Every rollback so far (a restarted hypervisor must learn them; a restarted manager too). */
  public List<HypervisorPort.Rollback> history() {
    return List.copyOf(history);
  }

  /** A restarted manager takes up the rollback history it kept durably. */
  public void restoreHistory(List<HypervisorPort.Rollback> rollbacks) {
    history.clear();
    history.addAll(rollbacks);
    rollbacks.forEach(r -> undone.record(r.vm(), r.incarnation(), r.line()));
    rollbacks.forEach(r -> manager.placement().move(r.vm(), r.host()));
  }

  /**
   * Recovers the VMs of {@code failedHosts} on the hosts that replace them. {@code hypervisor}
   * gives the port of the live hypervisor of each surviving host, and for a failed host the fresh
   * hypervisor that replaces it (restarted, with no VMs yet).
   */
  public Plan recover(Set<Integer> failedHosts, IntFunction<HypervisorPort> hypervisor) {
    return recover(failedHosts, Map.of(), hypervisor);
  }

  /**
   * Recovers the VMs of {@code failedHosts}, restarting those in {@code elsewhere} (VM to host)
   * on another live host (D14). {@code hypervisor} returns null for a failed host that has not
   * come back, every VM of which must then be in {@code elsewhere}, and for a host that is down
   * after an earlier relocation emptied it (it runs nothing, so it has nothing to say).
   *
   * <p>The plan is chosen once ({@link RecoveryPlan}) and handed to {@link #onPlanned} before
   * any hypervisor learns of it; while it has not completed, a call here carries it out again as
   * it is, extended only by what failed since (more failed hosts, VMs moved elsewhere).
   */
  public Plan recover(Set<Integer> failedHosts, Map<Integer, Integer> elsewhere,
      IntFunction<HypervisorPort> hypervisor) {
    checkMoves(failedHosts, elsewhere, hypervisor);
    RecoveryPlan plan = pending == null ? plan(failedHosts, elsewhere, hypervisor)
        : extend(pending, failedHosts, elsewhere, hypervisor);
    if (!plan.equals(pending)) {
      pending = plan;
      onPlanned.accept(plan); // made durable before phase 2 (the runtime's state file)
    }
    return execute(plan, hypervisor);
  }

  /** The plan being carried out, or null when no recovery is under way. */
  public RecoveryPlan pending() {
    return pending;
  }

  /** A restarted manager takes up the plan it kept durably (null: none). */
  public void restorePending(RecoveryPlan plan) {
    pending = plan;
  }

  /** Told each plan (and each extension of one) before any hypervisor learns of it. */
  public void onPlanned(Consumer<RecoveryPlan> sink) {
    onPlanned = sink;
  }

  /** Phase 1 and the decisions: the line, the rollback set, the incarnations, the moves. */
  private RecoveryPlan plan(Set<Integer> failedHosts, Map<Integer, Integer> elsewhere,
      IntFunction<HypervisorPort> hypervisor) {
    Topology t = manager.topology();
    Placement placement = manager.placement();
    int y = manager.durableLine();
    int damagedLine = -1;
    Set<Integer> restored = vmsOn(placement, t, failedHosts);
    Set<Integer> rollback;
    if (restorable(restored, y, false)) {
      rollback = closure(restored, dependencies(failedHosts, hypervisor, y));
    } else {
      damagedLine = y;
      y = fallBack(failedHosts, y);
      restored = allVms();
      rollback = restored;
      // Before the manager announces anything again: a hypervisor told the old line would drop
      // what the line it returns to needs.
      manager.fellBackTo(y);
    }
    List<HypervisorPort.Rollback> now = new ArrayList<>();
    for (int v : rollback) {
      int host = elsewhere.getOrDefault(v, placement.hostOf(v));
      now.add(new HypervisorPort.Rollback(v, manager.nextIncarnation(v), y, host));
    }
    return new RecoveryPlan(y, failedHosts, restored, now, damagedLine);
  }

  /**
   * A plan under way, carried further: VMs of a failed host now moved elsewhere run there (same
   * incarnation), and hosts that failed since add their VMs, and whatever depends on them since
   * the plan's line, as new rollbacks to that same line.
   */
  private RecoveryPlan extend(RecoveryPlan p, Set<Integer> failedHosts,
      Map<Integer, Integer> elsewhere, IntFunction<HypervisorPort> hypervisor) {
    if (!failedHosts.containsAll(p.failedHosts())) {
      throw new IllegalStateException("the recovery of hosts " + p.failedHosts()
          + " is under way; it cannot be replaced by one of hosts " + failedHosts);
    }
    List<HypervisorPort.Rollback> rollbacks = new ArrayList<>();
    for (HypervisorPort.Rollback r : p.rollbacks()) {
      rollbacks.add(new HypervisorPort.Rollback(r.vm(), r.incarnation(), r.line(),
          elsewhere.getOrDefault(r.vm(), r.host())));
    }
    Set<Integer> newHosts = new TreeSet<>(failedHosts);
    newHosts.removeAll(p.failedHosts());
    if (newHosts.isEmpty()) {
      return new RecoveryPlan(p.line(), failedHosts, p.restored(), rollbacks, p.damagedLine());
    }
    Set<Integer> lost = vmsOn(manager.placement(), manager.topology(), newHosts);
    if (!restorable(lost, p.line(), p.damagedLine() >= 0)) {
      throw new UnrecoverableException("cannot recover hosts " + failedHosts + ": a checkpoint "
          + "or log record line " + p.line() + " needs is missing or damaged");
    }
    Set<Integer> added = closure(lost, dependencies(failedHosts, hypervisor, p.line()));
    added.removeAll(p.rollbackVms());
    for (int v : added) {
      int host = elsewhere.getOrDefault(v, manager.placement().hostOf(v));
      rollbacks.add(new HypervisorPort.Rollback(v, manager.nextIncarnation(v), p.line(), host));
    }
    Set<Integer> restored = new TreeSet<>(p.restored());
    restored.addAll(lost);
    return new RecoveryPlan(p.line(), failedHosts, restored, rollbacks, p.damagedLine());
  }

  /** Phase 1: which VM of a surviving host heard from whom since line y. */
  private Map<Integer, Set<Integer>> dependencies(Set<Integer> failedHosts,
      IntFunction<HypervisorPort> hypervisor, int y) {
    Map<Integer, Set<Integer>> deps = new TreeMap<>();
    for (int h = 0; h < manager.topology().hosts(); h++) {
      if (!failedHosts.contains(h) && hypervisor.apply(h) != null) {
        deps.putAll(hypervisor.apply(h).dependenciesSince(y));
      }
    }
    return deps;
  }

  /**
   * Phases 2 to 5 of a plan; every one may run again when a retry replays the plan (a survivor
   * told the same rollbacks twice, or rolled back again to the same line and incarnation, ends
   * where it ended the first time). The plan counts as done only at the end.
   */
  private Plan execute(RecoveryPlan plan, IntFunction<HypervisorPort> hypervisor) {
    Topology t = manager.topology();
    int y = plan.line();
    List<HypervisorPort.Rollback> now = plan.rollbacks();
    for (HypervisorPort.Rollback r : now) {
      manager.storage().discardFuture(r.vm(), r.incarnation(), y);
    }
    for (int h = 0; h < t.hosts(); h++) {
      HypervisorPort port = hypervisor.apply(h);
      if (port == null) {
        continue; // a failed host that has not come back learns it all if it ever does
      }
      List<HypervisorPort.Rollback> tell = new ArrayList<>(now);
      if (plan.failedHosts().contains(h)) {
        tell.addAll(0, history); // a restarted hypervisor knows nothing of earlier rollbacks
      }
      manager.listener().controlMessage("rollback");
      port.noteRollbacks(tell);
    }
    now.forEach(r -> manager.placement().move(r.vm(), r.host())); // as phase 2 told them
    Map<Integer, List<HypervisorPort.Rollback>> byHost = byHost(now);
    byHost.forEach((h, vms) -> hypervisor.apply(h).rollBack(vms));
    byHost.forEach((h, vms) -> hypervisor.apply(h).resume(
        vms.stream().map(HypervisorPort.Rollback::vm).toList()));
    // Acknowledgements the manager still holds were produced before the failure; some are for
    // receipts the restarted VMs have just lost. They go now, but a sender judges them by the
    // receiver's execution they name (D4), as it does one that arrives after phase 5.
    for (int h = 0; h < t.hosts(); h++) {
      List<Ack> acks = manager.takeRelayed(h);
      manager.listener().controlMessage("handover");
      if (hypervisor.apply(h) != null && !acks.isEmpty()) {
        hypervisor.apply(h).handOver(acks);
      }
    }
    for (int h = 0; h < t.hosts(); h++) {
      if (!plan.failedHosts().contains(h) && hypervisor.apply(h) != null) {
        hypervisor.apply(h).retransmitTo(plan.restored());
      }
    }
    history.addAll(now);
    now.forEach(r -> undone.record(r.vm(), r.incarnation(), r.line()));
    Set<Integer> rollback = plan.rollbackVms();
    Set<Integer> kept = allVms();
    kept.removeAll(rollback);
    manager.resent(kept, y); // D2/D4: their hosts re-sent copies in phase 5
    for (int v : rollback) {
      manager.rolledBackTo(v, y);
    }
    manager.listener().rolledBack(rollback, y);
    pending = null;
    return new Plan(y, Set.copyOf(plan.failedHosts()), rollback, plan.damagedLine());
  }

  /**
   * D15: a base checkpoint of line y is damaged, so the failed hosts' VMs cannot be rebuilt at y.
   * An older durable line the storage kept is consistent as a whole (every message sent before it
   * was received by then, and those received after it are logged, R8); every VM returns to the
   * newest such line that every VM can be rebuilt at. Refused when none is kept or all are
   * damaged too.
   */
  private int fallBack(Set<Integer> failedHosts, int y) {
    int[] older = manager.fallbackLines();
    for (int line : older) {
      if (restorable(allVms(), line, true)) {
        return line;
      }
    }
    throw new UnrecoverableException("cannot recover hosts " + failedHosts + ": a checkpoint "
        + "or log record line " + y + " needs is missing or damaged, and " + (older.length == 0
        ? "no older line is kept" : "so is one of each older line kept "
        + java.util.Arrays.toString(older)));
  }

  private Set<Integer> allVms() {
    Set<Integer> all = new TreeSet<>();
    for (int v = 0; v < manager.topology().vms(); v++) {
      all.add(v);
    }
    return all;
  }

  /**
   * Whether every VM of {@code vms} can be rebuilt at line y from stable storage (D15);
   * {@code everyone}: every VM returns to y (a fall-back rolled them all back).
   */
  private boolean restorable(Set<Integer> vms, int y, boolean everyone) {
    for (int v : vms) {
      if (!LineRollback.restorable(manager.storage(), undone, v, y, everyone, checkLogs)) {
        return false;
      }
    }
    return true;
  }

  /** D14: only a failed host's VMs move, each to a host that is there to take it. */
  private void checkMoves(Set<Integer> failedHosts, Map<Integer, Integer> elsewhere,
      IntFunction<HypervisorPort> hypervisor) {
    Placement placement = manager.placement();
    elsewhere.forEach((vm, host) -> {
      if (!failedHosts.contains(placement.hostOf(vm))) {
        throw new IllegalArgumentException("vm " + vm + " does not run on a failed host");
      }
      if (failedHosts.contains(host) || hypervisor.apply(host) == null) {
        throw new IllegalArgumentException("vm " + vm + " cannot move to failed host " + host);
      }
    });
    for (int h = 0; h < placement.hosts(); h++) {
      if (hypervisor.apply(h) == null) {
        for (int v : placement.vmsOn(h)) {
          if (!failedHosts.contains(h) || !elsewhere.containsKey(v)) {
            throw new IllegalArgumentException("vm " + v + " of absent host " + h
                + " has nowhere to go");
          }
        }
      }
    }
  }

  private static Set<Integer> vmsOn(Placement placement, Topology t, Set<Integer> hosts) {
    Set<Integer> out = new TreeSet<>();
    for (int v = 0; v < t.vms(); v++) {
      if (hosts.contains(placement.hostOf(v))) {
        out.add(v);
      }
    }
    return out;
  }

  private static Map<Integer, List<HypervisorPort.Rollback>> byHost(
      List<HypervisorPort.Rollback> rollbacks) {
    Map<Integer, List<HypervisorPort.Rollback>> out = new TreeMap<>();
    for (HypervisorPort.Rollback r : rollbacks) {
      out.computeIfAbsent(r.host(), h -> new ArrayList<>()).add(r);
    }
    return out;
  }

  /** The failed hosts' VMs and, transitively, every VM that depends on one of them since y. */
  static Set<Integer> closure(Set<Integer> failedVms, Map<Integer, Set<Integer>> dependencies) {
    Map<Integer, Set<Integer>> dependents = new TreeMap<>();
    dependencies.forEach((v, senders) -> {
      for (int sender : senders) {
        dependents.computeIfAbsent(sender, s -> new TreeSet<>()).add(v);
      }
    });
    Set<Integer> out = new TreeSet<>();
    ArrayDeque<Integer> todo = new ArrayDeque<>();
    for (int v : failedVms) {
      out.add(v);
      todo.add(v);
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
