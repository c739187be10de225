package org.vmqsc.core.baseline.pessimistic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vmqsc.core.channel.ChannelSeqs;
import org.vmqsc.core.guest.Send;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;

/**
 * Rebuilding a VM from stable storage: a checkpoint, then its durable receipt log in log order.
 * The guest is piecewise deterministic, so the same determinants in the same order give the same
 * state and the same sends (with the same per-channel sequence numbers).
 */
final class StableReplay {
  /** What rebuilding a VM after a host failure gave: its restart index and the sends to redo. */
  record Restored(int line, List<Message> resend) {}

  private StableReplay() {}

  /**
   * VM failure: restores the newest durable checkpoint and replays the durable determinants the
   * VM had consumed (log positions below {@code s.consumed}); regenerated sends only move the
   * counters. Returns the checkpoint's index.
   */
  static int replayConsumed(VmState s, List<StableItem> items, ProtocolListener listener) {
    CheckpointItem cp = newest(items);
    s.restoreImage(cp.image());
    replay(s, logAfter(items, cp, s.consumed), listener, null);
    return cp.firstIndex();
  }

  /**
   * Host failure: restores the latest safe checkpoint into the fresh {@code s}, reports it (P5),
   * replays every durable determinant after it and collects the sends that regenerates. Everything
   * sent before a safe checkpoint is logged at its receiver; the channel counters start from what
   * the replay delivered, all of it durable.
   */
  static Restored rebuild(VmState s, List<StableItem> items, ProtocolListener listener) {
    CheckpointItem cp = oldestSafe(items);
    s.restoreImage(cp.image());
    listener.restoredToLine(s.vm, cp.firstIndex(), s.guest);
    listener.restoredFromStable(s.vm, cp.firstIndex());
    List<Message> resend = new ArrayList<>();
    replay(s, logAfter(items, cp, Long.MAX_VALUE), listener, resend);
    s.copies.assumeAcked(cp.image().sent());
    resend.forEach(s.copies::keep);
    ChannelSeqs consumed = s.received.snapshot(); // all of it durable: accepted and logged
    s.inbox.restore(consumed);
    s.logged.restore(consumed);
    s.nextPosition = nextPosition(items);
    s.consumed = s.nextPosition;
    return new Restored(cp.firstIndex(), resend);
  }

  /** The newest durable checkpoint: the shortest replay, used when only the VM failed. */
  static CheckpointItem newest(List<StableItem> items) {
    return pick(items, true);
  }

  /**
   * The oldest durable checkpoint. Older ones are reclaimed only when a newer one is safe, so the
   * oldest left is the latest safe one: the restart point after a host failure.
   */
  static CheckpointItem oldestSafe(List<StableItem> items) {
    return pick(items, false);
  }

  private static CheckpointItem pick(List<StableItem> items, boolean newest) {
    CheckpointItem best = null;
    for (StableItem it : items) {
      if (it instanceof CheckpointItem c && (best == null
          || (newest ? c.firstIndex() > best.firstIndex() : c.firstIndex() < best.firstIndex()))) {
        best = c;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no durable checkpoint (the boot image is always there)");
    }
    return best;
  }

  /**
   * The durable determinants after checkpoint {@code cp} with a log position below
   * {@code beforePosition}, in log order. Everything staged after the checkpoint's tick has an
   * interval at or above its index, everything staged before it is inside the checkpoint.
   */
  static List<LogEntry> logAfter(List<StableItem> items, CheckpointItem cp, long beforePosition) {
    List<LogEntry> out = new ArrayList<>();
    for (StableItem it : items) {
      if (it instanceof LogItem log && log.kind() == LogItem.Kind.RECEIPT
          && log.interval() >= cp.firstIndex()) {
        for (LogEntry e : log.entries()) {
          if (e.position < beforePosition) {
            out.add(e);
          }
        }
      }
    }
    out.sort(Comparator.comparingLong(e -> e.position));
    return out;
  }

  /** One past the highest log position on stable storage (0 if none): where a restart goes on. */
  static long nextPosition(List<StableItem> items) {
    long next = 0;
    for (StableItem it : items) {
      if (it instanceof LogItem log) {
        for (LogEntry e : log.entries()) {
          next = Math.max(next, e.position + 1);
        }
      }
    }
    return next;
  }

  /**
   * Re-delivers {@code log} to the VM's restored guest. Sends it regenerates only advance the
   * sequence counters, unless {@code regenerated} is given: then they are collected there, to be
   * sent again (a host failure lost the sender's volatile copies).
   */
  static void replay(VmState s, List<LogEntry> log, ProtocolListener listener,
      List<Message> regenerated) {
    for (LogEntry e : log) {
      if (e.determinant instanceof Message m) {
        s.received.raise(m.from, m.seq);
        s.guest.receive(m);
        listener.delivered(s.vm, m, e.interval, true);
      } else {
        Send send = s.guest.fire((TimerFire) e.determinant);
        if (send != null) {
          int seq = s.sent.increment(send.to());
          if (regenerated != null) {
            regenerated.add(new Message(s.vm, send.to(), seq, e.interval, 0, send.payload(),
                send.amount()));
          }
        }
      }
    }
  }
}
