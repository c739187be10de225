package org.vmqsc.core.baseline.none;

import java.util.Set;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.Recovery;

/**
 * The manager of protocol {@code none}: no host ever writes to it and it keeps no line, so it only
 * answers where VMs run (they never move) and refuses every failure.
 */
final class IdleManager implements ManagerRole {
  private final Topology topo;

  IdleManager(Topology topo) {
    this.topo = topo;
  }

  @Override
  public void onControl(int host, Control message) {
    throw new IllegalArgumentException("protocol none has no control messages: " + message);
  }

  @Override
  public void onTick(int x) {}

  @Override
  public void hostFailed(int host) {
    throw NoneRoles.cannotRecover();
  }

  @Override
  public Recovery recoverHosts(Set<Integer> failed) {
    throw NoneRoles.cannotRecover();
  }

  @Override
  public int hostOf(int vm) {
    return topo.hostOf(vm);
  }

  /** No line is ever taken: there are no checkpoints. */
  @Override
  public int takenLine() {
    return -1;
  }

  @Override
  public int durableLine() {
    return -1;
  }
}
