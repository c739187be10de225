package org.vmqsc.sim.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vmqsc.core.role.Recovery;
import org.vmqsc.sim.SimResult;

/**
 * What the run's recoveries did and how long they took: a host recovery counts from the first
 * failure it repairs (hosts down at once are recovered together) to the end of its phases; a VM
 * restart counts from its failure to the restart.
 */
final class HostRecoveries {
  private final List<SimResult.HostRecoveryRecord> records = new ArrayList<>();
  private long firstDownAt = -1;
  private int takenAtFailure;
  private long millisTotal;

  /** A host fails at {@code now}; the first of a group decides when its recovery started. */
  void hostDown(long now, int takenLine) {
    if (firstDownAt < 0) {
      firstDownAt = now;
      takenAtFailure = takenLine;
    }
  }

  /** When the hosts now awaiting recovery began to fail. */
  long firstDownAt() {
    return firstDownAt;
  }

  void vmRestored(long failedAt, long now) {
    millisTotal += now - failedAt;
  }

  /**
   * The manager started the recovery at {@code now} and its phases took {@code phasesMillis}
   * (0 when control messages are instant).
   */
  void hostsRecovered(long now, long phasesMillis, Set<Integer> failed, Recovery plan,
      boolean relocated) {
    long took = now + phasesMillis - firstDownAt;
    millisTotal += took;
    records.add(new SimResult.HostRecoveryRecord(firstDownAt, List.copyOf(failed),
        takenAtFailure, plan.line(), plan.rolledBack().size(), took, plan.damagedLine(),
        relocated));
    firstDownAt = -1;
  }

  long millisTotal() {
    return millisTotal;
  }

  List<SimResult.HostRecoveryRecord> records() {
    return List.copyOf(records);
  }
}
