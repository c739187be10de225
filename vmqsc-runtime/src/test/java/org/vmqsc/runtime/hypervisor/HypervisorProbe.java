package org.vmqsc.runtime.hypervisor;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.HostReport;

/** Test access to a running hypervisor's manager session and sent messages, on its event loop. */
public final class HypervisorProbe {
  private HypervisorProbe() {}

  /** Sends a report through the real manager session, as the core's report() does. */
  public static void report(HypervisorNode node, HostReport r) throws InterruptedException {
    node.call(() -> node.session.report(r));
  }

  /** Whether the host has a session with the manager to write to (none while it reconnects). */
  public static boolean sessionUp(HypervisorNode node) throws InterruptedException {
    java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
    node.call(() -> up.set(node.session.connected()));
    return up.get();
  }

  /** Records messages as sent by this host, so that relayed acks naming them resolve. */
  public static void expectAcks(HypervisorNode node, List<Message> sent)
      throws InterruptedException {
    node.call(() -> sent.forEach(node.engine.recovery().sent::sent));
  }

  /** How many sent messages no relayed ack has named yet (unchecked: for await conditions). */
  public static int awaitingAcks(HypervisorNode node) {
    AtomicInteger n = new AtomicInteger();
    try {
      node.call(() -> n.set(node.engine.recovery().sent.size()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return n.get();
  }
}
