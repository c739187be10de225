package org.vmqsc.core.guest;

import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;

/**
 * A piecewise-deterministic guest program (SPEC §1): its state changes only on a determinant, a
 * message receipt or a timer firing, and its reaction is a pure function of its state and that
 * determinant. The hypervisor can copy it (a checkpoint) and replay determinants into a copy.
 */
public abstract class Guest {
  protected final int self;
  protected long digest;
  private final Ledger ledger;

  protected Guest(int self, long initialDigest, Ledger ledger) {
    this.self = self;
    this.digest = initialDigest;
    this.ledger = ledger;
  }

  /** Delivers a message; guests in this model never send in reaction to a receipt. */
  public final void receive(Message m) {
    digest = Digests.mix(digest, m.payload ^ ((long) m.from << 40) ^ m.seq);
    if (ledger != null) {
      ledger.received(m.from, m.payload, m.amount);
    }
    applyReceive(m);
  }

  /** Fires a timer; returns what the guest sends in reaction, or null. */
  public final Send fire(TimerFire t) {
    digest = Digests.mix(digest, t.draw() ^ ((long) t.peer() << 32));
    Send s = applyTimer(t);
    if (s != null) {
      if (ledger != null) {
        ledger.sent(s.to(), s.payload(), s.amount());
      }
    }
    return s;
  }

  protected abstract void applyReceive(Message m);

  protected abstract Send applyTimer(TimerFire t);

  /** A deep copy: what a checkpoint holds. */
  public abstract Guest copy();

  public final long digest() {
    return digest;
  }

  /** The VM this guest runs in. */
  public final int self() {
    return self;
  }

  /** The guest's own record of traffic per peer, or null when the oracle is off. */
  public final Ledger ledger() {
    return ledger;
  }

  protected final Ledger copyLedger() {
    return ledger == null ? null : ledger.copy();
  }

  /**
   * The program's own state, for a checkpoint on stable storage: with {@link #restore} it must
   * round-trip exactly. The digest and the ledger are kept by this class and need not be in it.
   * A guest whose whole state is its digest keeps the default (nothing).
   */
  public byte[] snapshot() {
    return new byte[0];
  }

  /** Takes up what {@link #snapshot} gave, on a guest just constructed for the same VM. */
  protected void restore(byte[] state) {}

  /**
   * Rebuilds a checkpointed guest: {@code this} was constructed for the VM (with its ledger as
   * read back), and now takes the digest and the program's own state it had.
   */
  public final void restoreFrom(long checkpointDigest, byte[] state) {
    this.digest = checkpointDigest;
    restore(state);
  }

  /** Money the guest holds (0 for guests without money). */
  public long balance() {
    return 0;
  }
}
