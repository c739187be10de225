package org.vmqsc.core.protocol;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the manager asks of a hypervisor during a host-failure recovery (R9), one call a phase.
 * Each call is one request/response message, so the simulator can call a {@link Hypervisor}
 * directly and the real runtime can send the same calls over the network: the recovery rule is
 * written once, in {@link HostRecovery}.
 */
public interface HypervisorPort {
  /**
   * A rollback that makes an execution of a VM void from line {@code line} on; the new execution
   * (incarnation) runs on {@code host}, which differs from the old one when R9 restarts a failed
   * host's VMs elsewhere (D14).
   */
  record Rollback(int vm, int incarnation, int line, int host) {}

  /** Phase 1: for each local VM, the senders it heard from at index >= line (dependencies). */
  Map<Integer, Set<Integer>> dependenciesSince(int line);

  /** Phase 2: these executions are void; drop their orphans wherever they wait. A restarted
   * hypervisor also learns every earlier rollback this way. */
  void noteRollbacks(List<Rollback> rollbacks);

  /** Phase 3: bring these local VMs to their state at the line: from memory if this hypervisor
   * survived, from durable stable storage if it was restarted. Re-deliveries are set aside. */
  void rollBack(List<Rollback> vms);

  /** Phase 4: every rolled-back VM everywhere stands at the line: catch up and re-deliver. */
  void resume(List<Integer> vms);

  /**
   * Between phases 4 and 5: acknowledgements the manager held, produced before the failure.
   * Applied like relayed ones: one whose receipt the rollback undid is void whenever it arrives
   * (it names the receiver's execution, D4), so the hand-over is a delivery, no longer a guard.
   */
  void handOver(List<org.vmqsc.core.model.Ack> acks);

  /** Phase 5: re-send kept copies (R7) of messages to these VMs, rebuilt from stable storage
   * (the failed hosts' VMs, wherever they run now). */
  void retransmitTo(Set<Integer> restoredVms);
}
