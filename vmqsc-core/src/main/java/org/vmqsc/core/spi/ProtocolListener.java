package org.vmqsc.core.spi;

import org.vmqsc.core.model.Message;

/** What the protocol tells its driver about, for metrics, traces and the oracle. All no-ops by
 * default. */
public interface ProtocolListener {
  default void checkpoint(int vm, int firstIndex, int dueIndex, boolean forced, long bytes) {}

  /** A log record was staged for stable storage. */
  default void stableLogged(StableItem.LogItem item) {}

  /** A VM's hypervisor sent a message (not during replay). */
  default void sent(int vm, Message m) {}

  default void delivered(int vm, Message m, int interval, boolean replay) {}

  default void duplicateDropped(int vm, Message m) {}

  default void orphanDropped(int vm, Message m) {}

  default void controlMessage(String kind) {}

  /** A VM's index moved from {@code from} to {@code to}; {@code guest} is its state at the start
   * of every interval in (from, to]. */
  default void crossed(int vm, int from, int to, org.vmqsc.core.guest.Guest guest) {}

  /** A VM that failed alone was replayed by its hypervisor, before catching up on new events. */
  default void replayedAfterVmFailure(int vm, org.vmqsc.core.guest.Guest guest) {}

  /** A VM rolled back by a host failure now stands at line {@code line}, before re-delivery. */
  default void restoredToLine(int vm, int line, org.vmqsc.core.guest.Guest guest) {}

  /** A VM of a failed host was rebuilt from durable stable storage at line {@code line}. */
  default void restoredFromStable(int vm, int line) {}

  /** VMs rolled back by a host failure (R9), to line {@code line}. */
  default void rolledBack(java.util.Set<Integer> vms, int line) {}

  default void lines(int takenLine, int durableLine) {}

  ProtocolListener NONE = new ProtocolListener() {};
}
