package org.vmqsc.sim;

import java.util.Set;
import java.util.function.LongSupplier;
import org.vmqsc.core.spi.Protocol;
import org.vmqsc.core.spi.ProtocolListener;

/**
 * An observer of a whole simulated run: everything the protocol reports, plus the simulated
 * clock and the failures the simulator injects (e.g. for space-time diagrams).
 */
public interface SimListener extends ProtocolListener {
  /** Called once before the run starts: read the simulated time (ms) from it. */
  default void clock(LongSupplier simulatedMillis) {}

  default void vmFailed(int vm) {}

  default void vmRestored(int vm) {}

  default void hostFailed(int host) {}

  default void hostsRecovered(Set<Integer> hosts, org.vmqsc.core.role.Recovery recovery) {}
}
