package org.vmqsc.core.model;

/**
 * A receiver's word that it delivered one message: the message's name, not the message. The
 * name is unique: a sender never reuses a sequence number within one incarnation (replay after a
 * VM failure re-sends nothing, D10), and a rollback starts a new incarnation (D6). An ack is a
 * value, so it means the same in any address space: it rides in the receiver host's report, the
 * manager relays it (D2), and the sending hypervisor looks the message up by this name.
 */
public record Ack(int from, int to, int senderIncarnation, int seq) {
  /** The acknowledgement of {@code m}'s delivery. */
  public static Ack of(Message m) {
    return new Ack(m.from, m.to, m.senderIncarnation, m.seq);
  }

  /** Whether this acknowledges {@code m} (the same name). */
  public boolean names(Message m) {
    return m.from == from && m.to == to && m.senderIncarnation == senderIncarnation
        && m.seq == seq;
  }
}
