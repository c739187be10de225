package org.vmqsc.runtime.guests;

import java.nio.ByteBuffer;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Ledger;
import org.vmqsc.core.guest.Send;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;

/**
 * A guest program from outside the core, loaded by class name: it counts what it received and
 * sends that count. Its state (the count) is its own, so a checkpoint on stable storage holds it
 * through {@link #snapshot()} and a recovery must give it back exactly.
 */
public final class TallyGuest extends Guest {
  private long received;

  public TallyGuest(int vm, Ledger ledger) {
    super(vm, 0x7A11L ^ vm, ledger);
  }

  @Override
  protected void applyReceive(Message m) {
    received++;
  }

  @Override
  protected Send applyTimer(TimerFire t) {
    return new Send(t.peer(), received, 0);
  }

  @Override
  public Guest copy() {
    TallyGuest g = new TallyGuest(self(), ledger() == null ? null : ledger().copy());
    g.restoreFrom(digest(), snapshot());
    return g;
  }

  @Override
  public byte[] snapshot() {
    return ByteBuffer.allocate(8).putLong(received).array();
  }

  @Override
  protected void restore(byte[] state) {
    received = ByteBuffer.wrap(state).getLong();
  }

  public long received() {
    return received;
  }
}
