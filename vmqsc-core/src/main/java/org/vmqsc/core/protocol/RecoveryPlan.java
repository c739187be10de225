package org.vmqsc.core.protocol;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.vmqsc.core.protocol.HypervisorPort.Rollback;

/**
 * A host recovery as decided (R9), before any hypervisor is told: the line, the failed hosts, the
 * VMs rebuilt from stable storage ({@code restored}: the failed hosts' VMs, whose senders re-send
 * their copies in phase 5), every rollback with the incarnation it gives and the host the new
 * execution runs on (D14), and the line found damaged (D15) or -1.
 *
 * <p>Chosen once. A recovery whose phases fail half-way (a host unreachable, the manager
 * restarted) is carried out again from this same plan: asking the survivors again would not show
 * the same dependencies (the first attempt cut their logs at the line), and fresh incarnations
 * would void executions hypervisors were already told are the current ones.
 */
public record RecoveryPlan(int line, Set<Integer> failedHosts, Set<Integer> restored,
    List<Rollback> rollbacks, int damagedLine) {
  public RecoveryPlan {
    failedHosts = java.util.Collections.unmodifiableSet(new TreeSet<>(failedHosts));
    restored = java.util.Collections.unmodifiableSet(new TreeSet<>(restored));
    rollbacks = List.copyOf(rollbacks);
  }

  /** The VMs the plan rolls back. */
  public Set<Integer> rollbackVms() {
    Set<Integer> out = new TreeSet<>();
    rollbacks.forEach(r -> out.add(r.vm()));
    return out;
  }
}
