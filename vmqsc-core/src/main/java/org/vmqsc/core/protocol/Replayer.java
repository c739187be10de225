package org.vmqsc.core.protocol;

import java.util.List;
import org.vmqsc.core.guest.Send;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.spi.VmImage;

/**
 * Piecewise-deterministic replay: a checkpoint image plus determinants in their original order
 * give back the same state and the same sends. The sends already happened, so replay only moves
 * the sequence counters; receivers would drop them as duplicates anyway.
 */
final class Replayer {
  private final Hypervisor hv;

  Replayer(Hypervisor hv) {
    this.hv = hv;
  }

  void restore(VmSlot s, VmImage image, List<LogEntry> entries) {
    s.guest = image.guest().copy();
    s.sent.restore(image.sent());
    s.inbox.restore(image.received());
    for (LogEntry e : entries) {
      if (e.determinant instanceof Message m) {
        if (!s.inbox.isNext(m) && hv.rules().duplicateSuppression()) {
          throw new IllegalStateException("replay of vm " + s.vm + " out of sequence at " + m);
        }
        s.inbox.delivered(m);
        s.guest.receive(m);
        hv.listener().delivered(s.vm, m, e.interval, true);
      } else {
        Send send = s.guest.fire((TimerFire) e.determinant);
        if (send != null) {
          hv.send(s, send, true);
        }
      }
    }
    if (!entries.isEmpty()) {
      s.nextPosition = Math.max(s.nextPosition, entries.get(entries.size() - 1).position + 1);
    }
  }
}
