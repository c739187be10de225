package org.vmqsc.core.spi;

import java.util.List;
import java.util.Set;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.StableItem.LogItem;

/** Passes every protocol notification to several listeners, in order (metrics, oracle, trace). */
public final class Listeners implements ProtocolListener {
  private final ProtocolListener[] all;

  private Listeners(List<ProtocolListener> listeners) {
    this.all = listeners.toArray(new ProtocolListener[0]);
  }

  public static ProtocolListener of(List<ProtocolListener> listeners) {
    return listeners.size() == 1 ? listeners.get(0) : new Listeners(listeners);
  }

  @Override
  public void checkpoint(int vm, int firstIndex, int dueIndex, boolean forced, long bytes) {
    for (ProtocolListener l : all) {
      l.checkpoint(vm, firstIndex, dueIndex, forced, bytes);
    }
  }

  @Override
  public void stableLogged(LogItem item) {
    for (ProtocolListener l : all) {
      l.stableLogged(item);
    }
  }

  @Override
  public void sent(int vm, Message m) {
    for (ProtocolListener l : all) {
      l.sent(vm, m);
    }
  }

  @Override
  public void delivered(int vm, Message m, int interval, boolean replay) {
    for (ProtocolListener l : all) {
      l.delivered(vm, m, interval, replay);
    }
  }

  @Override
  public void duplicateDropped(int vm, Message m) {
    for (ProtocolListener l : all) {
      l.duplicateDropped(vm, m);
    }
  }

  @Override
  public void orphanDropped(int vm, Message m) {
    for (ProtocolListener l : all) {
      l.orphanDropped(vm, m);
    }
  }

  @Override
  public void controlMessage(String kind) {
    for (ProtocolListener l : all) {
      l.controlMessage(kind);
    }
  }

  @Override
  public void lines(int takenLine, int durableLine) {
    for (ProtocolListener l : all) {
      l.lines(takenLine, durableLine);
    }
  }

  @Override
  public void crossed(int vm, int from, int to, Guest guest) {
    for (ProtocolListener l : all) {
      l.crossed(vm, from, to, guest);
    }
  }

  @Override
  public void replayedAfterVmFailure(int vm, Guest guest) {
    for (ProtocolListener l : all) {
      l.replayedAfterVmFailure(vm, guest);
    }
  }

  @Override
  public void restoredToLine(int vm, int line, Guest guest) {
    for (ProtocolListener l : all) {
      l.restoredToLine(vm, line, guest);
    }
  }

  @Override
  public void restoredFromStable(int vm, int line) {
    for (ProtocolListener l : all) {
      l.restoredFromStable(vm, line);
    }
  }

  @Override
  public void rolledBack(Set<Integer> vms, int line) {
    for (ProtocolListener l : all) {
      l.rolledBack(vms, line);
    }
  }
}
