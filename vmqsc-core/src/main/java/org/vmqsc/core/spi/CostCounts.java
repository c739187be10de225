package org.vmqsc.core.spi;

import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.StableItem.LogItem;

/**
 * The costs SPEC §6 compares protocols by, counted the same way wherever the protocol runs: the
 * simulator's summary and the real runtime's processes both count with this, so that their
 * figures can be set side by side. Plain counters, as cheap as the simulator needs them: read a
 * {@link #snapshot} on the thread that runs the protocol (the runtime's event loop).
 */
public final class CostCounts implements ProtocolListener {
  /** The counts at one moment. */
  public record Snapshot(long delivered, long stableR6, long stableR8, long stableOther,
      long stableLogBytes, long basicCheckpoints, long forcedCheckpoints, long checkpointBytes,
      long controlMessages) {
    /** Adds another process's counts (a cluster's costs are the sum over its processes). */
    public Snapshot plus(Snapshot o) {
      return new Snapshot(delivered + o.delivered, stableR6 + o.stableR6, stableR8 + o.stableR8,
          stableOther + o.stableOther, stableLogBytes + o.stableLogBytes,
          basicCheckpoints + o.basicCheckpoints, forcedCheckpoints + o.forcedCheckpoints,
          checkpointBytes + o.checkpointBytes, controlMessages + o.controlMessages);
    }

    public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  private long delivered;
  private long stableR6;
  private long stableR8;
  private long stableOther;
  private long stableLogBytes;
  private long basic;
  private long forced;
  private long checkpointBytes;
  private long control;

  @Override
  public void checkpoint(int vm, int firstIndex, int dueIndex, boolean isForced, long bytes) {
    if (isForced) {
      forced++;
    } else {
      basic++;
    }
    checkpointBytes += bytes;
  }

  @Override
  public void stableLogged(LogItem item) {
    switch (item.kind()) {
      case R6 -> stableR6 += item.messages();
      case R8 -> stableR8 += item.messages();
      default -> stableOther += item.messages();
    }
    stableLogBytes += item.bytes();
  }

  /** A message delivered for the first time; a replay re-delivers and is not counted again. */
  @Override
  public void delivered(int vm, Message m, int interval, boolean replay) {
    if (!replay) {
      delivered++;
    }
  }

  @Override
  public void controlMessage(String kind) {
    control++;
  }

  public Snapshot snapshot() {
    return new Snapshot(delivered, stableR6, stableR8, stableOther, stableLogBytes, basic, forced,
        checkpointBytes, control);
  }
}
