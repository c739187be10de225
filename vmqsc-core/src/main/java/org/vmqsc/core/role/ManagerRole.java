package org.vmqsc.core.role;

import java.util.Map;
import java.util.Set;

/**
 * The manager's part of a protocol: reports in, announcements and rounds out, and the recovery of
 * failed hosts through {@link HostCalls} (R9). A protocol whose manager has nothing to do still
 * has one, so every driver runs the same shape.
 */
public interface ManagerRole {
  /** A control message from host {@code host}. */
  void onControl(int host, Control message);

  /** The manager's clock reached x·T0. */
  void onTick(int x);

  /** The manager learnt that {@code host} is down (an open round cannot complete). */
  default void hostFailed(int host) {}

  /**
   * The failed hosts are back, empty, and reachable; the manager recovers their VMs on them.
   */
  Recovery recoverHosts(Set<Integer> failed);

  /**
   * The failed hosts have not come back: the manager recovers their VMs on the live hosts that
   * {@code newHostOfVm} names (every VM of a failed host has one). The failed hosts stay down
   * (D14).
   */
  default Recovery relocateHosts(Set<Integer> failed, Map<Integer, Integer> newHostOfVm) {
    throw new UnsupportedOperationException("this protocol cannot restart VMs on another host");
  }

  /** A failed host whose VMs were relocated is back, empty, and reachable. */
  default void rejoinHost(int host) {
    throw new UnsupportedOperationException("this protocol cannot restart VMs on another host");
  }

  /** The host a VM runs on now (the topology's, unless a relocation moved it). */
  int hostOf(int vm);

  /** The newest line every VM has reached (-1 for a protocol without lines). */
  int takenLine();

  /** The newest line entirely on stable storage (-1 for a protocol without lines). */
  int durableLine();
}
