package org.vmqsc.cli;

import java.util.Iterator;
import org.vmqsc.sim.Protocols;

/** The registered protocol names, read when help is shown, so the help never goes stale. */
final class KnownProtocols implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return Protocols.names().iterator();
  }
}
