package org.vmqsc.core.baseline.bcs;

import java.util.List;
import java.util.Map;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.role.Control;

/**
 * BCS's control messages besides the manager's {@link org.vmqsc.core.role.Announcement}: a host's
 * report, a VM's due restart, and the phases of a rollback of every VM to the durable line.
 */
public sealed interface BcsControl extends Control {
  /** One rollback of one VM: the incarnation it started, the line, and the sn it restarted at. */
  record Rollback(int vm, int incarnation, int line, int restoredSn) {}

  /**
   * A host's report once a tick: per VM, its incarnation, sn and the highest line it allows, and
   * the acknowledgements of deliveries since the last report. The incarnation lets the manager
   * ignore what a report sent before a rollback says of the undone execution.
   */
  record Status(int host, int[] vms, int[] incarnation, int[] sn, int[] usable, List<Ack> acks)
      implements BcsControl {
    public Status {
      vms = vms.clone();
      incarnation = incarnation.clone();
      sn = sn.clone();
      usable = usable.clone();
      acks = List.copyOf(acks);
    }
  }

  /** Host to manager: a failed VM's restart is due (in the incarnation it failed in). */
  record RestartDue(int vm, int incarnation) implements BcsControl {}

  /**
   * Rollback phase 1, to each host with a run of VMs: learn every earlier rollback (a restarted
   * host knows none), drop unreported acks, and rebuild these VMs at {@code line} in the new
   * incarnations given.
   */
  record Restore(int line, List<Rollback> before, Map<Integer, Integer> incarnationOf)
      implements BcsControl {
    public Restore {
      before = List.copyOf(before);
      incarnationOf = Map.copyOf(incarnationOf);
    }
  }

  /** Phase 1's reply: per restored VM, the sn of the line checkpoint it stands on. */
  record Restored(Map<Integer, Integer> snOf) implements BcsControl {
    public Restored {
      snOf = Map.copyOf(snOf);
    }
  }

  /** Phase 2, to every host once all VMs are restored: every rollback so far (orphan filter). */
  record NoteRollbacks(List<Rollback> all) implements BcsControl {
    public NoteRollbacks {
      all = List.copyOf(all);
    }
  }

  /** Phase 3: re-deliver to these VMs the line's channel state, then what they held. */
  record Redeliver(int line, List<Integer> vms) implements BcsControl {
    public Redeliver {
      vms = List.copyOf(vms);
    }
  }
}
