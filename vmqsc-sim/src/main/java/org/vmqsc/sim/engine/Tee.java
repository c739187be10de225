package org.vmqsc.sim.engine;

import java.util.Set;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem.LogItem;

/** Passes every protocol notification to two listeners (metrics, then the oracle). */
final class Tee implements ProtocolListener {
  private final ProtocolListener a;
  private final ProtocolListener b;

  Tee(ProtocolListener a, ProtocolListener b) {
    this.a = a;
    this.b = b;
  }

  @Override
  public void checkpoint(int vm, int firstIndex, int dueIndex, boolean forced, long bytes) {
    a.checkpoint(vm, firstIndex, dueIndex, forced, bytes);
    b.checkpoint(vm, firstIndex, dueIndex, forced, bytes);
  }

  @Override
  public void stableLogged(int vm, LogItem.Kind kind, int messages, long bytes) {
    a.stableLogged(vm, kind, messages, bytes);
    b.stableLogged(vm, kind, messages, bytes);
  }

  @Override
  public void delivered(int vm, Message m, int interval, boolean replay) {
    a.delivered(vm, m, interval, replay);
    b.delivered(vm, m, interval, replay);
  }

  @Override
  public void duplicateDropped(int vm, Message m) {
    a.duplicateDropped(vm, m);
    b.duplicateDropped(vm, m);
  }

  @Override
  public void orphanDropped(int vm, Message m) {
    a.orphanDropped(vm, m);
    b.orphanDropped(vm, m);
  }

  @Override
  public void controlMessage(String kind) {
    a.controlMessage(kind);
    b.controlMessage(kind);
  }

  @Override
  public void lines(int takenLine, int durableLine) {
    a.lines(takenLine, durableLine);
    b.lines(takenLine, durableLine);
  }

  @Override
  public void crossed(int vm, int from, int to, Guest guest) {
    a.crossed(vm, from, to, guest);
    b.crossed(vm, from, to, guest);
  }

  @Override
  public void replayedAfterVmFailure(int vm, Guest guest) {
    a.replayedAfterVmFailure(vm, guest);
    b.replayedAfterVmFailure(vm, guest);
  }

  @Override
  public void restoredToLine(int vm, int line, Guest guest) {
    a.restoredToLine(vm, line, guest);
    b.restoredToLine(vm, line, guest);
  }

  @Override
  public void restoredFromStable(int vm, int line) {
    a.restoredFromStable(vm, line);
    b.restoredFromStable(vm, line);
  }

  @Override
  public void rolledBack(Set<Integer> vms, int line) {
    a.rolledBack(vms, line);
    b.rolledBack(vms, line);
  }
}
