package org.vmqsc.runtime.cluster;

import org.vmqsc.core.spi.CostCounts;
import org.vmqsc.runtime.proto.Costs;

/** A process's costs on the wire, and back. */
public final class CostsWire {
  private CostsWire() {}

  public static Costs of(CostCounts.Snapshot c, long stableBytesWritten) {
    return Costs.newBuilder().setDelivered(c.delivered()).setStableR6(c.stableR6())
        .setStableR8(c.stableR8()).setStableOther(c.stableOther())
        .setStableLogBytes(c.stableLogBytes()).setBasicCheckpoints(c.basicCheckpoints())
        .setForcedCheckpoints(c.forcedCheckpoints()).setCheckpointBytes(c.checkpointBytes())
        .setControlMessages(c.controlMessages()).setStableBytesWritten(stableBytesWritten)
        .build();
  }

  public static CostCounts.Snapshot counts(Costs c) {
    return new CostCounts.Snapshot(c.getDelivered(), c.getStableR6(), c.getStableR8(),
        c.getStableOther(), c.getStableLogBytes(), c.getBasicCheckpoints(),
        c.getForcedCheckpoints(), c.getCheckpointBytes(), c.getControlMessages());
  }
}
