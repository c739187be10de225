package org.vmqsc.core.role;

import java.util.function.IntFunction;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;

/**
 * One host's part of a protocol: what its hypervisor process runs. Events come in from its driver
 * one at a time (the simulator's event loop, or the hypervisor process's loop); it answers through
 * its {@link HostEnv}: the network for VM messages, stable storage, and control messages to the
 * manager.
 */
public interface HostRole {
  /** Boots this host's VMs with their initial state (their boot images are on stable storage). */
  void boot(IntFunction<Guest> guests);

  /**
   * This host came back empty after a failure, its clock at {@code index}: it runs nothing until
   * the manager's recovery rebuilds its VMs.
   */
  default void resumeAt(int index) {}

  /** The host's clock reached x·T0 (R1). */
  void onTick(int x);

  /** A guest timer fired on a VM of this host that is up. */
  void onTimer(int vm, TimerFire fire);

  /** A message for one of this host's VMs arrived. */
  void onArrival(Message m);

  /** Every write this host staged up to {@code ticket} is durable. */
  void onDurable(long ticket);

  /** A control message from the manager. */
  void onControl(Control message);

  /** A recovery phase: the manager's request, answered with its reply. */
  default Control onCall(Control request) {
    throw new IllegalArgumentException("unexpected call " + request);
  }

  /** VM {@code vm} of this host crashed; the host lives on. */
  void failVm(int vm);

  /** The failed VM's restart is due. */
  void restoreVm(int vm);

  /** The VM as this host holds it, or null when it is not here. */
  VmLook look(int vm);

  default boolean isUp(int vm) {
    VmLook l = look(vm);
    return l != null && l.up();
  }

  /** The VM's live guest state, or null when it is down or not here. */
  default Guest guest(int vm) {
    VmLook l = look(vm);
    return l == null || !l.up() ? null : l.guest();
  }

  /**
   * Whether the VM may act on a guest timer now. False pauses the guest, as a full link does: a
   * protocol whose VMs wait for the disk says so here rather than queueing without bound.
   */
  default boolean accepting(int vm) {
    return true;
  }

  /** The durable line this host last heard of (-1 for a protocol without one). */
  default int knownLine() {
    return -1;
  }

  /** VM-milliseconds during which this host's VMs were blocked from sending by the protocol. */
  default long blockedVmMillis() {
    return 0;
  }
}
