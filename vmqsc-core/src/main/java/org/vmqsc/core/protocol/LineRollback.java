package org.vmqsc.core.protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.ItemKey;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableStorage;

/**
 * R9, host failure, on one hypervisor: bring a VM back to its state in line Y. A VM whose
 * hypervisor survived is rebuilt from what that hypervisor holds; a VM of the failed host is
 * rebuilt from durable stable storage alone (P5). Either way the messages it had received after
 * Y that are still valid are set aside and re-delivered once every rolled-back VM stands at Y.
 */
final class LineRollback {
  private LineRollback() {}

  /** A VM of a surviving host: its staged checkpoint and volatile log reach back to the line. */
  static List<Message> fromMemory(Hypervisor hv, int vm, int y, int incarnation) {
    VmSlot s = hv.slot(vm);
    StagedCheckpoint cp = s.checkpointFor(y);
    if (cp == null) {
      throw new IllegalStateException("vm " + vm + " kept no checkpoint for line " + y);
    }
    List<LogEntry> after = s.log.from(y);
    new Replayer(hv).restore(s, cp.item.image(), s.log.between(cp.firstIndex(), y));
    s.log.dropFrom(y);
    s.checkpoints.removeIf(c -> c.firstIndex() > y);
    s.senderCopies.removeIf(m -> m.senderIndex >= y);
    resetAt(s, y, incarnation);
    List<Message> redeliver = new ArrayList<>();
    for (LogEntry e : after) {
      Message m = e.message();
      if (m != null && hv.incarnations().valid(m)) {
        redeliver.add(m);
      }
    }
    return redeliver;
  }

  /** A VM of the failed host, restarted on {@code hv}: durable stable storage only. */
  static List<Message> fromStable(Hypervisor hv, int vm, int y, int incarnation) {
    List<StableItem> items = hv.storage().durableItems(vm);
    CheckpointItem cp = baseFor(items, hv.incarnations(), vm, y);
    if (cp == null) {
      throw new IllegalStateException("no durable checkpoint of vm " + vm + " for line " + y);
    }
    List<LogEntry> replay = new ArrayList<>();
    List<LogEntry> channel = new ArrayList<>();
    for (StableItem it : items) {
      if (it instanceof LogItem log) {
        boolean current = current(hv.incarnations(), vm, it);
        for (LogEntry e : log.entries()) {
          if (e.interval >= cp.firstIndex() && e.interval < y && current) {
            replay.add(e);
          } else if (e.interval >= y && e.message() != null) {
            channel.add(e);
          }
        }
      }
    }
    replay.sort(Comparator.comparingLong(e -> e.position));
    channel.sort(Comparator.comparingLong(e -> e.position));
    Topology t = hv.topology();
    VmSlot s = new VmSlot(vm, t.k(vm), null);
    new Replayer(hv).restore(s, cp.image(), replay);
    s.log.replaceWith(replay);
    s.checkpoints.addLast(new StagedCheckpoint(cp, 0, true));
    resetAt(s, y, incarnation);
    hv.installSlot(s);
    hv.listener().restoredFromStable(vm, y);
    List<Message> redeliver = new ArrayList<>();
    for (LogEntry e : channel) {
      if (hv.incarnations().valid(e.message())) {
        redeliver.add(e.message());
      }
    }
    return redeliver;
  }

  /** The newest durable checkpoint the VM stands on in line y, or null. */
  private static CheckpointItem baseFor(List<StableItem> items, IncarnationTable inc, int vm,
      int y) {
    CheckpointItem cp = null;
    for (StableItem it : items) {
      if (it instanceof CheckpointItem c && c.firstIndex() <= y && current(inc, vm, it)
          && (cp == null || c.firstIndex() > cp.firstIndex())) {
        cp = c;
      }
    }
    return cp;
  }

  /**
   * D15: whether the VM can be rebuilt at line y from stable storage alone: every item the
   * rebuild needs reads back good. Its base for y must be readable: a damaged checkpoint newer
   * than the newest good one (and not past y) is the base the line needs, and an older checkpoint
   * cannot stand in for it (the interval the damaged one closed was never logged, R6), so the VM
   * is not restorable at y. Likewise a damaged log record the rebuild would replay or re-deliver
   * ({@code StableStorage.damagedLogs}, {@code Retention.neededAt}), unless the rule is switched
   * off ({@code Rules.damagedLogCheck}). {@code everyoneRollsBack}: every VM returns to y.
   */
  static boolean restorable(StableStorage storage, IncarnationTable inc, int vm, int y,
      boolean everyoneRollsBack, boolean checkLogs) {
    for (ItemKey d : storage.damagedAbove(vm, y)) {
      if (!inc.undone(vm, d)) {
        return false;
      }
    }
    return !checkLogs || storage.damagedLogs(vm, y, everyoneRollsBack).isEmpty();
  }

  /** An item still describes the VM's execution unless a later rollback undid its interval. */
  private static boolean current(IncarnationTable inc, int vm, StableItem it) {
    return !inc.undone(vm, ItemKey.of(it));
  }

  private static void resetAt(VmSlot s, int y, int incarnation) {
    s.incarnation = incarnation;
    s.index = y;
    s.log.startInterval();
    s.inFlight.clear();
    s.r8Pending.clear();
    s.crossings.clear();
    s.lastWriteTicket = 0;
    s.crossings.addLast(new VmSlot.Crossing(y, 0));
    s.durableThrough = y;
    s.up = true;
  }
}
