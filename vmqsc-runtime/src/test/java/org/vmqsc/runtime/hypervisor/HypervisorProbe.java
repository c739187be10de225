package org.vmqsc.runtime.hypervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.protocol.Hypervisor;
import org.vmqsc.core.protocol.VmqscHost;
import org.vmqsc.core.role.Report;

/** Test access to a running hypervisor's manager session and core, on its event loop. */
public final class HypervisorProbe {
  private HypervisorProbe() {}

  /** Sends a report through the real manager session, as the core's report() does. */
  public static void report(HypervisorNode node, Report r) throws InterruptedException {
    node.call(() -> node.session.send(r));
  }

  /**
   * Holds every message that reaches this host from now on, undelivered and so unacknowledged,
   * as during a recovery (D11).
   */
  public static void holdArrivals(HypervisorNode node) throws InterruptedException {
    node.call(node::hold);
  }

  /** The manager ends the recovery this host holds for (as after its last phase). */
  public static void endRecovery(HypervisorNode node) throws InterruptedException {
    node.call(() -> node.endRecovery(true));
  }

  /** From now on every stable write of this host fails as on a full disk; null: they go. */
  public static void failWrites(HypervisorNode node, String fault) throws java.io.IOException {
    java.nio.file.Path f = org.vmqsc.runtime.storage.WriteFault.file(node.spec.storageDir(),
        node.host);
    if (fault == null) {
      java.nio.file.Files.deleteIfExists(f);
    } else {
      java.nio.file.Files.writeString(f, fault + "\n");
    }
  }

  /** Whether the host has a session with the manager to write to (none while it reconnects). */
  public static boolean sessionUp(HypervisorNode node) throws InterruptedException {
    java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean();
    node.call(() -> up.set(node.session.connected()));
    return up.get();
  }

  /**
   * Has {@code vm} (a traffic guest with no traffic of its own yet) send {@code n} messages to
   * {@code peer} through the core, as its timers would; returns their acknowledgements.
   */
  public static List<Ack> send(HypervisorNode node, int vm, int peer, int n)
      throws InterruptedException {
    List<Ack> acks = new ArrayList<>(n);
    node.call(() -> {
      Hypervisor hv = ((VmqscHost) node.role).hypervisor();
      int incarnation = hv.view(vm).incarnation();
      for (int i = 1; i <= n; i++) {
        hv.onTimer(vm, new TimerFire(peer, 0L));
        acks.add(new Ack(vm, peer, incarnation, i));
      }
    });
    return acks;
  }

  /** How many messages {@code vm} sent that no ack has settled yet (for await conditions). */
  public static int awaitingAcks(HypervisorNode node, int vm) {
    AtomicInteger n = new AtomicInteger();
    try {
      node.call(() -> n.set(((VmqscHost) node.role).hypervisor().view(vm).inFlight()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return n.get();
  }

  /**
   * Replaces the host's role by {@code broken}'s wrapping of it, on the loop: a test double of a
   * faulty runtime (a message delivered with another payload, one dropped) for the checks to
   * catch. Only for clusters whose VMs never move (the node reads VM_QSC's placement by class).
   */
  public static void breakRole(HypervisorNode node,
      java.util.function.UnaryOperator<org.vmqsc.core.role.HostRole> broken)
      throws InterruptedException {
    node.call(() -> node.role = broken.apply(node.role));
  }
}
