package org.vmqsc.core.protocol;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.VmImage;

/**
 * A VM crossing an interval boundary on its {@link Hypervisor}: at its own tick (R1) or forced
 * early by a message from a later interval (R3), it checkpoints if it is due (staged for a lazy
 * write, R10), and otherwise its receive log of the interval just ended goes to stable storage
 * (R6).
 */
final class Boundary {
  private final Hypervisor hv;

  Boundary(Hypervisor hv) {
    this.hv = hv;
  }

  /**
   * R1/R3: moves a VM's index from cur to x. One checkpoint is taken if the VM is due anywhere in
   * (cur, x]; it is the VM's state at the start of every interval cur+1..x, since those in between
   * are empty. Otherwise the interval that just ended is an MI interval not closed by a checkpoint,
   * and its receive log goes to stable storage (R6).
   */
  void advance(VmSlot s, int x, boolean forced) {
    int cur = s.index;
    if (x <= cur) {
      return;
    }
    int due = hv.topology().firstDue(s.vm, cur, x);
    if (due >= 0) {
      takeCheckpoint(s, cur + 1, due, forced);
    } else if (hv.rules().r6SelectiveLog()) {
      flushInterval(s, cur);
    }
    hv.listener().crossed(s.vm, cur, x, s.guest);
    s.index = x;
    s.log.startInterval();
    s.noteCrossing(x);
    s.applyDurable(hv.durableTicket());
  }

  private void takeCheckpoint(VmSlot s, int first, int due, boolean forced) {
    VmImage image = new VmImage(s.guest.copy(), hv.topology().vms(), s.sent.snapshot(),
        s.inbox.snapshot());
    long bytes = hv.topology().checkpointBytes(s.vm);
    CheckpointItem item = new CheckpointItem(s.vm, first, due, s.incarnation, image, bytes);
    long ticket = hv.stage(s, item);
    s.checkpoints.addLast(new StagedCheckpoint(item, ticket, false));
    hv.listener().checkpoint(s.vm, first, due, forced, bytes);
  }

  /** R6: the receive log of an MI interval that no checkpoint closes goes to stable storage. */
  private void flushInterval(VmSlot s, int interval) {
    List<LogEntry> entries = new ArrayList<>();
    int messages = 0;
    long bytes = 0;
    for (LogEntry e : s.log.currentInterval()) {
      if (e.r8) {
        continue; // already on its way to stable storage (R8); written once
      }
      entries.add(e);
      bytes += e.determinant.logBytes(hv.topology().messageBytes());
      if (e.message() != null) {
        messages++;
      }
    }
    if (entries.isEmpty()) {
      return;
    }
    LogItem item = new LogItem(s.vm, LogItem.Kind.R6, interval, s.incarnation, entries, messages,
        bytes);
    hv.stage(s, item);
    hv.listener().stableLogged(item);
  }
}
