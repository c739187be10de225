package org.vmqsc.core.baseline.coordinated;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.StableItem;
import org.vmqsc.core.spi.StableItem.CheckpointItem;
import org.vmqsc.core.spi.StableItem.LogItem;
import org.vmqsc.core.spi.StableStorage;
import org.vmqsc.core.spi.VmImage;

/**
 * Reads one VM's entry in committed line L back from durable stable storage only (P5): its
 * round-L checkpoint, and the channel state of line L into it (the messages sent before line L
 * that it received after its round-L checkpoint), in the order it first received them.
 *
 * <p>Round numbers are the manager's tick numbers, so each round is attempted at most once: the
 * checkpoint with firstIndex L and the CHANNEL records of interval L are exactly line L's, whatever
 * incarnation wrote them (an aborted round has a number no later round reuses).
 */
final class LineRestore {
  /** A VM's state at the line, and the messages to re-deliver to it once every VM stands there. */
  record Entry(VmImage image, List<Message> channelState) {}

  private LineRestore() {}

  static Entry read(StableStorage storage, int vm, int line) {
    CheckpointItem checkpoint = null;
    List<LogEntry> channel = new ArrayList<>();
    for (StableItem it : storage.durableItems(vm)) {
      if (it instanceof CheckpointItem c && c.firstIndex() == line) {
        checkpoint = c;
      } else if (it instanceof LogItem log && log.kind() == LogItem.Kind.CHANNEL
          && log.interval() == line) {
        channel.addAll(log.entries());
      }
    }
    if (checkpoint == null) {
      throw new IllegalStateException("no durable checkpoint of vm " + vm
          + " for committed line " + line);
    }
    channel.sort(Comparator.comparingLong(e -> e.position));
    List<Message> messages = new ArrayList<>(channel.size());
    for (LogEntry e : channel) {
      messages.add(e.message());
    }
    return new Entry(checkpoint.image(), messages);
  }
}
