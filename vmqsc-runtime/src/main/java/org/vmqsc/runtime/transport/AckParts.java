package org.vmqsc.runtime.transport;

import com.google.protobuf.CodedOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.vmqsc.runtime.proto.AckPart;
import org.vmqsc.runtime.proto.ControlMessage;
import org.vmqsc.runtime.proto.MessageId;

/**
 * Splits the acknowledgements of one report or announcement (D2) into frames that fit the
 * manager session's frame limit. A busy host acknowledges tens of thousands of messages a period
 * (about 12-18 bytes each, the receiver's incarnation and receive interval included, D4): far
 * more than one {@link Endpoints#DEFAULT_MAX_FRAME_BYTES} frame, which stays as it is so that a
 * peer's oversized frame still closes its stream. The acks go ahead in
 * {@link AckPart} frames and the last of them ride in the final frame (the report or the
 * announcement); {@link AckReassembly} puts them together on the other side. Pure.
 */
public final class AckParts {
  /**
   * Encoded acks per frame. Half the frame limit: the final frame also carries the rest of the
   * report (three ints per VM of the host) and every frame its envelope (a few bytes).
   */
  public static final int FRAME_BUDGET_BYTES = Endpoints.DEFAULT_MAX_FRAME_BYTES / 2;
  /**
   * Encoded acks in one report or announcement, parts ahead included (about 250,000 acks, several
   * periods of the heaviest load measured). The receiver closes a stream whose acks ahead pass it,
   * so that a peer sending parts without end cannot grow its memory; a sender with more acks
   * (a backlog after a broken session) carries the rest to its next report or announcement.
   */
  public static final int MAX_WHOLE_BYTES = 4 * 1024 * 1024;

  private AckParts() {}

  /**
   * How one report's or announcement's acks go on the wire.
   *
   * @param ahead the {@link AckPart} frames to send first, in order
   * @param last the acks of the final frame
   * @param taken how many acks, from the head of the list, {@code ahead} and {@code last} carry;
   *     the others passed {@link #MAX_WHOLE_BYTES} and wait for the next report or announcement
   */
  public record Split(List<AckPart> ahead, List<MessageId> last, int taken) {}

  /**
   * Splits {@code acks}, in order, into frames of at most {@link #FRAME_BUDGET_BYTES} of acks.
   *
   * @param finalFrameBytes the encoded size of the final frame without its acks: the last acks
   *     ride in it only if both fit the budget together, otherwise they go ahead too
   */
  public static Split split(List<MessageId> acks, int finalFrameBytes) {
    List<AckPart> ahead = new ArrayList<>();
    List<MessageId> part = new ArrayList<>();
    int partBytes = 0;
    long wholeBytes = 0;
    int taken = 0;
    for (MessageId id : acks) {
      int size = encodedSize(id);
      if (wholeBytes + size > MAX_WHOLE_BYTES) {
        break;
      }
      if (partBytes + size > FRAME_BUDGET_BYTES) {
        ahead.add(AckPart.newBuilder().addAllAcks(part).build());
        part = new ArrayList<>();
        partBytes = 0;
      }
      part.add(id);
      partBytes += size;
      wholeBytes += size;
      taken++;
    }
    if (!part.isEmpty() && finalFrameBytes + partBytes > FRAME_BUDGET_BYTES) {
      ahead.add(AckPart.newBuilder().addAllAcks(part).build());
      part = List.of();
    }
    return new Split(ahead, part, taken);
  }

  /**
   * The frames of one record whose acks are independent values (each settles on its own, so a
   * record may be cut into several of its kind): its acks ahead in {@link AckPart}s, then the
   * record with the last of them; past {@link #MAX_WHOLE_BYTES}, the rest the same way in another
   * record. Reports and announcements do not go through here: their senders carry a backlog over
   * to their next one themselves (D2).
   */
  public static List<com.google.protobuf.Message> frames(ControlMessage m) {
    List<com.google.protobuf.Message> frames = new ArrayList<>();
    List<MessageId> acks = ControlWire.acks(m);
    ControlMessage head = ControlWire.withAcks(m, List.of());
    do {
      Split split = split(acks, head.getSerializedSize());
      frames.addAll(split.ahead());
      frames.add(ControlWire.withAcks(head, split.last()));
      acks = acks.subList(split.taken(), acks.size());
    } while (!acks.isEmpty());
    return frames;
  }

  /**
   * What one ack adds to a frame: its tag, length and body. The ack fields of AckPart (1),
   * HostReport (5) and Announcement (2) all have one-byte tags, so one ack costs the same in each,
   * and the sizes of an AckPart's acks add up to {@code AckPart.getSerializedSize()}, which is
   * what {@link AckReassembly} counts.
   */
  static int encodedSize(MessageId id) {
    return CodedOutputStream.computeMessageSize(AckPart.ACKS_FIELD_NUMBER, id);
  }
}
