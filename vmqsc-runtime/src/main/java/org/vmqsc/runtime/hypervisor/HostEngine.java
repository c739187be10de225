package org.vmqsc.runtime.hypervisor;

import java.util.List;
import java.util.function.IntFunction;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.ToManager;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableStorage;
import org.vmqsc.core.spi.Transport;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.MessageId;

/**
 * What a {@link HypervisorNode} drives on its event loop: one host's part of a protocol. The node
 * (clock, guest timers, transport, storage, manager session) is the same whatever the engine, so
 * that benchmarks compare protocols and nothing else. One implementation per
 * {@link ClusterSpec.Protocol}, chosen in {@link #of}. Every call is made on the loop.
 */
interface HostEngine {
  /** What an engine gets from its node. {@code reports} reaches the manager's session. */
  record Env(int host, Topology topo, Transport transport, StableStorage storage,
      ToManager reports, ProtocolListener listener) {}

  /** One VM as status and ledger calls show it. */
  record VmLook(boolean up, int index, int incarnation, int usable, Guest guest) {}

  /** The one place where the cluster's protocol choice becomes code. */
  static HostEngine of(ClusterSpec.Protocol protocol, Env env) {
    return switch (protocol) {
      case VMQSC -> new VmqscEngine(env);
      case NONE -> new DirectEngine(env);
      case PESSIMISTIC -> new LoggingEngine(env);
    };
  }

  void boot(IntFunction<Guest> guests);

  /** The host's clock reached x·T0. */
  void onTick(int x);

  /** A guest timer fired on a VM that is up. */
  void onTimer(int vm, TimerFire fire);

  /** A message for one of this host's VMs reached the node (from a peer or, locally, a VM). */
  void onArrival(Message m);

  /** Every write this host staged up to {@code ticket} is durable. */
  void onDurable(long ticket);

  /** The manager's periodic word: the durable line and acknowledgements relayed to this host. */
  void onAnnouncement(int line, List<MessageId> acks);

  boolean isUp(int vm);

  /**
   * Whether the VM may act on a guest timer now. False pauses the guest, as a full link does: an
   * engine whose VMs wait for the disk says so here rather than queueing without bound.
   */
  default boolean accepting(int vm) {
    return true;
  }

  /** The VM as this engine holds it, or null if this host does not hold it (yet). */
  VmLook look(int vm);

  /** The durable line this host last heard of (-1 when the protocol has none). */
  int knownLine();

  /**
   * The VM_QSC engine, the only one that recovers failures (R9); the others refuse with one line
   * that the admin API passes on as FAILED_PRECONDITION.
   */
  VmqscEngine recovery();
}
