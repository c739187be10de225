package org.vmqsc.core.model;

/**
 * A receiver's word that it delivered one message: the message's name, and which execution of
 * the receiver delivered it. The name ({@code from}, {@code to}, {@code senderIncarnation},
 * {@code seq}) is unique: a sender never reuses a sequence number within one incarnation (replay
 * after a VM failure re-sends nothing, D10), and a rollback starts a new incarnation (D6). An ack
 * is a value, so it means the same in any address space: it rides in the receiver host's report,
 * the manager relays it (D2), and the sending hypervisor looks the message up by this name.
 *
 * <p>{@code receiverIncarnation} and {@code receiveInterval} (the receiver's index at delivery)
 * say when the receipt happened, so that an ack can be judged whatever its timing: a rollback of
 * the receiver to a line at or below {@code receiveInterval} undid the receipt, and the ack is void
 * (D4; the rule is the one orphan messages are judged by, {@code RollbackMark.undid}).
 */
public record Ack(int from, int to, int senderIncarnation, int seq, int receiverIncarnation,
    int receiveInterval) {
  /**
   * An ack that does not say which execution of the receiver delivered (incarnation 0, interval
   * 0): for protocols that never judge an ack by it (the baselines).
   */
  public Ack(int from, int to, int senderIncarnation, int seq) {
    this(from, to, senderIncarnation, seq, 0, 0);
  }

  /** The acknowledgement of {@code m}'s delivery, without the receiver's execution. */
  public static Ack of(Message m) {
    return new Ack(m.from, m.to, m.senderIncarnation, m.seq);
  }

  /**
   * The acknowledgement of {@code m}'s delivery by incarnation {@code receiverIncarnation} of its
   * receiver in interval {@code receiveInterval}.
   */
  public static Ack of(Message m, int receiverIncarnation, int receiveInterval) {
    return new Ack(m.from, m.to, m.senderIncarnation, m.seq, receiverIncarnation,
        receiveInterval);
  }

  /** Whether this acknowledges {@code m} (the same name). */
  public boolean names(Message m) {
    return m.from == from && m.to == to && m.senderIncarnation == senderIncarnation
        && m.seq == seq;
  }
}
