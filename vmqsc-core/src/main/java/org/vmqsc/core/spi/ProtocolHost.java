package org.vmqsc.core.spi;

import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;

/** The part of a protocol that runs on one host, as the driver's per-host events reach it. */
public interface ProtocolHost {
  void onTimer(int vm, TimerFire fire);

  void onArrival(Message m);

  void onDurable(long ticket);

  void failVm(int vm);
}
