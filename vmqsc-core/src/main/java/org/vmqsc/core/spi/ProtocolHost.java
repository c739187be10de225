package org.vmqsc.core.spi;

import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;

/** The part of a protocol that runs on one host, as the driver's per-host events reach it. */
public interface ProtocolHost {
  /** The host's clock reached x·T0 (nothing to do for protocols the manager drives). */
  default void onTick(int x) {}

  void onTimer(int vm, TimerFire fire);

  void onArrival(Message m);

  void onDurable(long ticket);

  void failVm(int vm);

  boolean isUp(int vm);

  /** The VM's live guest state, or null when it is down. */
  Guest guest(int vm);
}
