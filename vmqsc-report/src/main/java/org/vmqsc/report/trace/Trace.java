package org.vmqsc.report.trace;

import java.util.List;

/**
 * What a recorded run shows, ready to draw: every delivery as an arrow, checkpoints, index
 * crossings, the manager's lines, failures and recoveries. Times are simulated milliseconds.
 */
public record Trace(
    TraceTopology topology,
    long basePeriodMillis,
    long endMillis,
    List<Arrow> arrows,
    List<Checkpoint> checkpoints,
    List<Crossing> crossings,
    List<LineChange> lines,
    List<Failure> failures,
    List<Rollback> rollbacks,
    List<Down> downtimes) {

  public Trace {
    arrows = List.copyOf(arrows);
    checkpoints = List.copyOf(checkpoints);
    crossings = List.copyOf(crossings);
    lines = List.copyOf(lines);
    failures = List.copyOf(failures);
    rollbacks = List.copyOf(rollbacks);
    downtimes = List.copyOf(downtimes);
  }

  /** Where a delivered message ended up on stable storage, if anywhere. */
  public enum Stable {
    /** Only in the hypervisors' memory (R5, and R7 on both sides if cross-host). */
    VOLATILE,
    /** In an MI VM's interval log written at a boundary where it was not due (R6). */
    R6,
    /** Received in a later interval than sent: written at receipt (R8). */
    R8,
    /** A baseline's record: pessimistic logging's receipt log, or the channel state that
     * coordinated checkpointing and BCS save with a line. */
    OTHER
  }

  /** A checkpoint: basic (its own period, R1) or forced by a message's index (R3). Boot images
   * are C(i,0). */
  public record Checkpoint(int vm, long millis, int firstIndex, int dueIndex, boolean forced) {}

  /** VM {@code vm}'s index moved from {@code from} to {@code to}. */
  public record Crossing(int vm, long millis, int from, int to) {}

  /** The manager's taken line and durable line (R4, D2) from this time on. */
  public record LineChange(long millis, int taken, int durable) {}

  /** A VM failure ({@code host} = -1) or a host failure (then {@code vm} = -1). */
  public record Failure(long millis, int vm, int host) {
    public boolean hostFailure() {
      return host >= 0;
    }
  }

  /**
   * A VM going back: after a VM failure ({@code local}) to its checkpoint C(vm, line) and
   * forward by replaying {@code replayed} logged receipts (R9, nothing lost); after a host failure
   * to its state in line {@code line} (work since {@code targetMillis} undone).
   * {@code targetMillis} is when the VM was at that point (-1 if never seen).
   */
  public record Rollback(int vm, long millis, int line, boolean local, int replayed,
      long targetMillis) {}

  /** VM {@code vm} was down (it failed, or its host did) from fromMillis to toMillis. */
  public record Down(int vm, long fromMillis, long toMillis) {}
}
