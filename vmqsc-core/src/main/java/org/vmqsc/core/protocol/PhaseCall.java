package org.vmqsc.core.protocol;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.protocol.HypervisorPort.Rollback;
import org.vmqsc.core.role.Control;

/**
 * VM_QSC's recovery phases (R9) as values: each record is one {@link HypervisorPort} call, sent
 * by the manager role ({@link CalledHypervisor}) and answered by the host role
 * ({@link VmqscHost#onCall}) with {@link Dependencies} or {@link org.vmqsc.core.role.Done}.
 */
public sealed interface PhaseCall extends Control {
  /** Phase 1. */
  record DependenciesSince(int line) implements PhaseCall {}

  /** Phase 1's reply: per local VM, the senders it heard from at index >= line. */
  record Dependencies(Map<Integer, Set<Integer>> byVm) implements PhaseCall {
    public Dependencies {
      byVm = Map.copyOf(byVm);
    }
  }

  /** Phase 2. */
  record NoteRollbacks(List<Rollback> rollbacks) implements PhaseCall {
    public NoteRollbacks {
      rollbacks = List.copyOf(rollbacks);
    }
  }

  /** Phase 3. */
  record RollBack(List<Rollback> vms) implements PhaseCall {
    public RollBack {
      vms = List.copyOf(vms);
    }
  }

  /** Phase 4. */
  record Resume(List<Integer> vms) implements PhaseCall {
    public Resume {
      vms = List.copyOf(vms);
    }
  }

  /** Between phases 4 and 5 (D4). */
  record HandOver(List<Ack> acks) implements PhaseCall {
    public HandOver {
      acks = List.copyOf(acks);
    }
  }

  /** Phase 5. */
  record RetransmitTo(Set<Integer> restoredVms) implements PhaseCall {
    public RetransmitTo {
      restoredVms = Set.copyOf(restoredVms);
    }
  }
}
