package org.vmqsc.sim.engine;

import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem.LogItem;

/** Counts what the protocol did, for the run's summary. */
final class Metrics implements ProtocolListener {
  private final java.util.function.LongSupplier clock;

  Metrics(java.util.function.LongSupplier clock) {
    this.clock = clock;
  }

  long delivered;
  long stableR6;
  long stableR8;
  long basic;
  long forced;
  long control;
  long duplicates;
  long orphans;
  long rolledBack;
  int takenLine = -1;
  int durableLine = -1;
  long lagSum;
  long lagSamples;

  @Override
  public void checkpoint(int vm, int firstIndex, int dueIndex, boolean isForced, long bytes) {
    if (isForced) {
      forced++;
    } else {
      basic++;
    }
  }

  @Override
  public void stableLogged(int vm, LogItem.Kind kind, int messages, long bytes) {
    if (kind == LogItem.Kind.R6) {
      stableR6 += messages;
    } else {
      stableR8 += messages;
    }
  }

  @Override
  public void delivered(int vm, Message m, int interval, boolean replay) {
    if (!replay) {
      delivered++;
    }
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
    control++;
  }

  @Override
  public void lines(int taken, int durable) {
    takenLine = taken;
    durableLine = durable;
  }

  @Override
  public void rolledBack(java.util.Set<Integer> vms, int line) {
    rolledBack += vms.size();
  }

  void sampleLag(int taken, int durable) {
    lagSum += taken - durable;
    lagSamples++;
  }
}
