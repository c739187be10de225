package org.vmqsc.core.guest;

import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;

/** The paper's traffic model (SPEC §6): on each timer it sends one message to the timer's peer;
 * its payload is derived from the guest's whole history, so any divergence in replay shows. */
public final class TrafficGuest extends Guest {
  public TrafficGuest(int self, Ledger ledger) {
    super(self, Digests.mix(0x5EED, self), ledger);
  }

  private TrafficGuest(TrafficGuest o) {
    super(o.self, o.digest, o.copyLedger());
  }

  private TrafficGuest(int self, long digest, Ledger ledger) {
    super(self, digest, ledger);
  }

  /** A guest with exactly this state, as read back from a checkpoint on stable storage. */
  public static TrafficGuest restore(int self, long digest, Ledger ledger) {
    return new TrafficGuest(self, digest, ledger);
  }

  @Override
  protected void applyReceive(Message m) {}

  @Override
  protected Send applyTimer(TimerFire t) {
    return new Send(t.peer(), digest, 0);
  }

  @Override
  public Guest copy() {
    return new TrafficGuest(this);
  }
}
