package org.vmqsc.core.baseline.none;

import org.vmqsc.core.role.HostEnv;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.ManagerEnv;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.ProtocolRoles;

/**
 * Protocol {@code none}: no checkpoints, no logs, no control messages, just the hypervisors
 * relaying messages ({@link RelayHost}) and a manager with nothing to do ({@link IdleManager}).
 * It is the floor that every other protocol's overhead is measured against, on the same traffic.
 * It recovers nothing: the drivers refuse to run it with failures (the simulator's scenario check,
 * the runtime's failure commands), so the oracle checks everything it does promise on a
 * failure-free run (P1, P2, P4, P6) and exempts nothing.
 */
public final class NoneRoles implements ProtocolRoles {
  public static final String NAME = "none";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HostRole host(HostEnv env) {
    return new RelayHost(env.host(), env.ctx().topology(), env.ctx().transport(),
        env.ctx().listener());
  }

  @Override
  public ManagerRole manager(ManagerEnv env) {
    return new IdleManager(env.ctx().topology());
  }

  @Override
  public boolean recovers() {
    return false;
  }

  /** What every recovery entry point throws: a driver asked {@code none} to do what it cannot. */
  static UnsupportedOperationException cannotRecover() {
    return new UnsupportedOperationException("protocol none cannot recover failures: it keeps "
        + "no checkpoints and no logs");
  }
}
