package org.vmqsc.core.baseline.coordinated;

import java.util.List;
import org.vmqsc.core.role.Control;

/**
 * The two recovery phases of coordinated checkpointing, each called on every host concerned and
 * answered with {@link org.vmqsc.core.role.Done} before the next starts: first every VM stands at
 * the committed line, then each gets its channel state again. Between the two a host holds its
 * VMs' sends and whatever arrives, so no message of the new execution meets a host still in the
 * old one, nor overtakes the channel state it follows.
 */
public sealed interface LineCall extends Control {
  /**
   * Phase 1: restore every VM of the host to the line {@code startLines} ends with, in the
   * execution it begins (incarnation {@code startLines.size() - 1}). {@code startLines} is every
   * execution's start line, which the host needs to tell orphans of undone executions. Every round
   * numbered up to {@code roundsThrough} is over: a REQUEST of one still in flight is stale.
   */
  record RestoreLine(List<Integer> startLines, int roundsThrough) implements LineCall {
    public RestoreLine {
      startLines = List.copyOf(startLines);
    }

    public int line() {
      return startLines.get(startLines.size() - 1);
    }

    public int incarnation() {
      return startLines.size() - 1;
    }
  }

  /** Phase 2: re-deliver the line's channel state, then let the VMs send again. */
  record Redeliver() implements LineCall {
    public static final Redeliver REDELIVER = new Redeliver();
  }
}
