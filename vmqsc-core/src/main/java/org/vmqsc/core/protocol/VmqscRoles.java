package org.vmqsc.core.protocol;

import org.vmqsc.core.role.HostEnv;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.ManagerEnv;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.ProtocolRoles;

/** VM_QSC: one {@link VmqscHost} a host, one {@link VmqscManager}. */
public final class VmqscRoles implements ProtocolRoles {
  public static final String NAME = "vmqsc";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HostRole host(HostEnv env) {
    return new VmqscHost(env);
  }

  @Override
  public ManagerRole manager(ManagerEnv env) {
    return new VmqscManager(env);
  }

  @Override
  public boolean relocates() {
    return true;
  }
}
