package org.vmqsc.sim.engine;

import java.util.Set;
import java.util.function.LongSupplier;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.CostCounts;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem.LogItem;

/**
 * Counts what the protocol did, for the run's summary and the comparison of protocols. Work lost
 * is measured as the simulated time between the state a VM was rolled back to and the failure.
 */
final class Metrics implements ProtocolListener {
  private final LongSupplier clock;
  private final Crossings crossings;
  private long failureAt = -1;
  private final CostCounts costs = new CostCounts();
  long duplicates;
  long orphans;
  long rolledBack;
  long rollbackEvents;
  long workLostMillis;
  long lagSum;
  long lagSamples;

  Metrics(LongSupplier clock, int vms) {
    this.clock = clock;
    this.crossings = new Crossings(vms);
  }

  /** The failure that the next rollbacks repair happened at {@code t}. */
  void failureAt(long t) {
    failureAt = t;
  }

  @Override
  public void checkpoint(int vm, int firstIndex, int dueIndex, boolean isForced, long bytes) {
    costs.checkpoint(vm, firstIndex, dueIndex, isForced, bytes);
  }

  @Override
  public void stableLogged(LogItem item) {
    costs.stableLogged(item);
  }

  @Override
  public void delivered(int vm, Message m, int interval, boolean replay) {
    costs.delivered(vm, m, interval, replay);
  }

  @Override
  public void duplicateDropped(int vm, Message m) {
    duplicates++;
  }

  @Override
  public void orphanDropped(int vm, Message m) {
    orphans++;
  }

  @Override
  public void controlMessage(String kind) {
    costs.controlMessage(kind);
  }

  /** The costs counted so far, as the runtime counts them too. */
  CostCounts.Snapshot costs() {
    return costs.snapshot();
  }

  @Override
  public void crossed(int vm, int from, int to, Guest guest) {
    long now = clock.getAsLong();
    for (int y = Math.max(from + 1, to - Crossings.WINDOW + 1); y <= to; y++) {
      crossings.stand(vm, y, now);
    }
  }

  @Override
  public void rolledBack(Set<Integer> vms, int line) {
    rolledBack += vms.size();
    rollbackEvents++;
    long failed = failureAt >= 0 ? failureAt : clock.getAsLong();
    long now = clock.getAsLong();
    for (int vm : vms) {
      long crossedAt = crossings.when(vm, line);
      if (crossedAt >= 0) {
        workLostMillis += Math.max(0, failed - crossedAt);
      }
      // The VM resumes from that state now: a later rollback to it loses only what follows.
      crossings.stand(vm, line, now);
    }
  }

  void sampleLag(int taken, int durable) {
    lagSum += taken - durable;
    lagSamples++;
  }
}
