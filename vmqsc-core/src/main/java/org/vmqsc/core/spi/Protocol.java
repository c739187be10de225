package org.vmqsc.core.spi;

import java.util.Set;
import java.util.function.IntFunction;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.Recovery;

/**
 * One rollback-recovery protocol, all its hypervisors and its manager in one process, as the
 * simulator sees it ({@link org.vmqsc.core.role.RoleSystem}, the one implementation, wires a
 * protocol's roles). VM_QSC and every baseline sit behind this, so the same traffic, the
 * same failures and the same oracle apply to each. Events come in; time only through the
 * context's clock.
 */
public interface Protocol {
  String name();

  /** Boots every VM with its initial state (its boot image is on stable storage). */
  void boot(IntFunction<Guest> guests);

  /** Host {@code host}'s clock reached x·T0. */
  void onTick(int host, int x);

  /** The manager's own clock reached x·T0 (for protocols the manager drives). */
  default void onManagerTick(int x) {}

  /** A guest timer fired on a VM that is up. */
  void onTimer(int vm, TimerFire fire);

  /** A message reached host {@code host} over the network. */
  void onArrival(int host, Message m);

  /** All of host {@code host}'s writes up to {@code ticket} are durable. */
  void onDurable(int host, long ticket);

  /** VM {@code vm} crashed; its host lives on. */
  void failVm(int vm);

  /** The failed VM's restart is due. */
  void restoreVm(int vm);

  /** Host {@code host} crashed with its hypervisor and VMs. */
  void failHost(int host);

  /**
   * The failed hosts are back (empty, their clocks at {@code hostIndex}); the manager recovers.
   */
  Recovery recoverHosts(Set<Integer> failed, int[] hostIndex);

  /** Whether {@link #relocateHosts} is supported: failed hosts' VMs restarted elsewhere. */
  default boolean relocates() {
    return false;
  }

  /**
   * The failed hosts have not come back: the manager recovers their VMs on the live hosts that
   * {@code newHostOfVm} names (every VM of a failed host has one). The failed hosts stay down.
   */
  default Recovery relocateHosts(Set<Integer> failed, java.util.Map<Integer, Integer> newHostOfVm,
      int[] hostIndex) {
    throw new UnsupportedOperationException(name() + " cannot restart VMs on another host");
  }

  /** A failed host whose VMs were relocated is back, empty, its clock at {@code index}. */
  default void rejoinHost(int host, int index) {
    throw new UnsupportedOperationException(name() + " cannot restart VMs on another host");
  }

  /** The host a VM runs on now (the topology's, unless relocation moved it). */
  int hostOf(int vm);

  /** A VM's live guest state, or null when it is down or its host is. */
  Guest guest(int vm);

  boolean isUp(int vm);

  int takenLine();

  int durableLine();

  /** Properties of SPEC §4 this protocol gives up by design (e.g. "P3" when a VM failure rolls
   * back every VM); the oracle reports them as not applicable instead of counting violations. */
  default Set<String> exemptFrom() {
    return Set.of();
  }

  /** VM-milliseconds during which VMs were blocked from sending by the protocol. */
  default long blockedVmMillis() {
    return 0;
  }
}
