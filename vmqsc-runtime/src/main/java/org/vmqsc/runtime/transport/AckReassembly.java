package org.vmqsc.runtime.transport;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.runtime.proto.AckPart;
import org.vmqsc.runtime.proto.ControlMessage;
import org.vmqsc.runtime.proto.MessageId;

/**
 * The receiving end of {@link AckParts}, one per stream: keeps the acks sent ahead until the
 * final frame (report or announcement) they belong to, so the core gets that frame whole, at once
 * and in stream order, never a part of it. Confined to the stream's callbacks, which gRPC runs one
 * at a time.
 *
 * <p><b>A stream that breaks between parts</b> takes its reassembly with it: a new stream starts
 * a new one, and the acks ahead are lost as if the whole report or announcement had been lost in
 * flight, a case the protocol already survives. Reports: the hypervisor keeps the acks it sent
 * in the last two periods plus the heartbeat timeout and sends them all again after a broken
 * session (ManagerSession), so they reach the manager on the next stream; a duplicate ack finds
 * nothing left to mark at the sender. Announcements: if the manager died, the receivers send
 * their recent acks again to the next manager, which relays them again; if only the session
 * broke, the manager counts that host failed and relays nothing more to it (ManagerNode), and a
 * failed host is recovered to the durable line with its kept copies re-sent (R7', R9), which
 * settles what the lost acks would have. Above all, a lost ack is conservative: the sender keeps
 * its copy and holds the durable line back; it can never let the line pass a message in flight.
 *
 * <p><b>Bounded.</b> A peer whose acks ahead pass the bound is broken (a correct sender stops at
 * {@link AckParts#MAX_WHOLE_BYTES}): {@link #add} refuses, and so does every call after it, while
 * the caller closes the stream.
 */
public final class AckReassembly {
  private final int maxBytes;
  private List<MessageId> ahead = new ArrayList<>();
  private long bytes;
  private boolean refused;

  public AckReassembly(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Keeps a part; false if the acks ahead would pass the bound: close the stream. */
  public boolean add(AckPart part) {
    if (refused) {
      return false;
    }
    bytes += part.getSerializedSize();
    if (bytes > maxBytes) {
      refused = true;
      ahead = new ArrayList<>(); // not kept for a stream that is being closed
      return false;
    }
    ahead.addAll(part.getAcksList());
    return true;
  }

  /** Whether the bound was passed: nothing more of this stream counts. */
  public boolean refused() {
    return refused;
  }

  /** Whether acks are waiting for their final frame. */
  public boolean pending() {
    return !ahead.isEmpty();
  }

  /** The whole: the acks ahead, then those of the final frame; the next frame starts afresh. */
  public List<MessageId> complete(List<MessageId> last) {
    if (refused) {
      throw new IllegalStateException("a refused stream completes nothing");
    }
    List<MessageId> whole = ahead;
    whole.addAll(last);
    ahead = new ArrayList<>();
    bytes = 0;
    return whole;
  }

  /** The control record of a final frame whole: with the acks sent ahead of it, in order. */
  public ControlMessage complete(ControlMessage last) {
    return pending() ? ControlWire.withAcks(last, complete(ControlWire.acks(last))) : last;
  }
}
