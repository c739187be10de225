package org.vmqsc.runtime.transport;

import java.util.ArrayList;
import java.util.List;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.AckList;
import org.vmqsc.core.model.Message;
import org.vmqsc.runtime.proto.MessageId;
import org.vmqsc.runtime.proto.VmMessage;

/**
 * Conversions between the core's VM messages and acknowledgements and their wire form
 * (vmqsc.proto); the control records are {@link ControlWire}'s. Pure; validation of what arrives
 * is {@link RelayRules}'s job, not this class's.
 */
public final class Wire {
  private Wire() {}

  public static VmMessage toProto(Message m) {
    return VmMessage.newBuilder().setFrom(m.from).setTo(m.to).setSeq(m.seq)
        .setSenderIndex(m.senderIndex).setSenderIncarnation(m.senderIncarnation)
        .setPayload(m.payload).setAmount(m.amount).build();
  }

  public static Message fromProto(VmMessage p) {
    return new Message(p.getFrom(), p.getTo(), p.getSeq(), p.getSenderIndex(),
        p.getSenderIncarnation(), p.getPayload(), p.getAmount());
  }

  /**
   * An acknowledgement on the wire (D2): the delivered message's name and the receiver's
   * execution that delivered it (D4). The sender index is not part of it (the sender knows its
   * own), so it stays unset.
   */
  public static MessageId idOf(Ack a) {
    return MessageId.newBuilder().setFrom(a.from()).setTo(a.to()).setSeq(a.seq())
        .setSenderIncarnation(a.senderIncarnation())
        .setReceiverIncarnation(a.receiverIncarnation())
        .setReceiveInterval(a.receiveInterval()).build();
  }

  public static Ack ackOf(MessageId id) {
    return new Ack(id.getFrom(), id.getTo(), id.getSenderIncarnation(), id.getSeq(),
        id.getReceiverIncarnation(), id.getReceiveInterval());
  }

  /**
   * Acknowledgements on the wire: one id per range of {@link AckList} (a channel's consecutive
   * acks of one interval), so their size follows the channels, not the messages.
   */
  public static List<MessageId> idsOf(List<Ack> acks) {
    AckList packed = AckList.of(acks);
    List<MessageId> ids = new ArrayList<>(packed.rangeCount());
    for (int r = 0; r < packed.rangeCount(); r++) {
      MessageId.Builder b = MessageId.newBuilder().setFrom(packed.from(r)).setTo(packed.to(r))
          .setSeq(packed.seq(r)).setSenderIncarnation(packed.senderIncarnation(r))
          .setReceiverIncarnation(packed.receiverIncarnation(r))
          .setReceiveInterval(packed.receiveInterval(r));
      if (packed.count(r) > 1) {
        b.setCount(packed.count(r));
      }
      ids.add(b.build());
    }
    return ids;
  }

  /**
   * Acknowledgements as the core reads them: the ranges of {@link #idsOf}, in order.
   * IllegalArgumentException (a malformed body) for a range a sender cannot have made: a
   * negative count, one running past the last sequence number, or a list of more acks than an
   * int counts; the core would otherwise walk billions of acks a garbled frame names.
   */
  public static List<Ack> acksOf(List<MessageId> ids) {
    AckList acks = new AckList(ids.size());
    long total = 0;
    for (MessageId id : ids) {
      int count = rangeCount(id);
      total += count;
      if (total > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("more than " + Integer.MAX_VALUE + " acks in one list");
      }
      acks.add(id.getFrom(), id.getTo(), id.getSenderIncarnation(), id.getSeq(),
          id.getReceiverIncarnation(), id.getReceiveInterval(), count);
    }
    return acks;
  }

  /** How many acks {@code id} stands for (unset: one); refuses a range no sender can have made. */
  private static int rangeCount(MessageId id) {
    int count = id.getCount() == 0 ? 1 : id.getCount();
    if (count < 0 || (long) id.getSeq() + count - 1 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("an ack range of " + id.getCount() + " from seq "
          + id.getSeq() + " on channel " + id.getFrom() + "->" + id.getTo());
    }
    return count;
  }

  /**
   * Appends {@code acks} to {@code into} a range at a time when they are ranges already ({@link
   * AckList}): {@code List.addAll} would make an {@link Ack} per message, tens of thousands a
   * period at saturation.
   */
  public static void addRanges(AckList into, List<Ack> acks) {
    if (acks instanceof AckList ranges) {
      for (int r = 0; r < ranges.rangeCount(); r++) {
        into.addRange(ranges, r);
      }
    } else {
      acks.forEach(into::add);
    }
  }
}
