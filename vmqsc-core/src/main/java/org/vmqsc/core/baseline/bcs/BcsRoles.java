package org.vmqsc.core.baseline.bcs;

import java.util.Set;
import org.vmqsc.core.role.HostEnv;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.ManagerEnv;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.ProtocolRoles;

/**
 * The index-based communication-induced checkpointing baseline of SPEC §6 (Briatico, Ciuffoletti
 * and Simoncini): each VM checkpoints at its own period and raises its sequence number, every
 * message carries the sender's sn, and a receiver with a lower sn takes a forced checkpoint before
 * delivery. This is what drags MI VMs onto the SI rhythm, the cost VM_QSC's abstract claims to
 * avoid. In-transit messages are logged by the receiver (CHANNEL), and any failure rolls every VM
 * back to the manager's durable line. One {@link BcsHost} per host, one {@link BcsManager}; they
 * talk in {@link BcsControl} records and {@link org.vmqsc.core.role.Announcement}s.
 */
public final class BcsRoles implements ProtocolRoles {
  public static final String NAME = "bcs";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HostRole host(HostEnv env) {
    return new BcsHost(env);
  }

  @Override
  public ManagerRole manager(ManagerEnv env) {
    return new BcsManager(env);
  }

  /** VM failures roll every VM back (P3); forced checkpoints are the protocol (P4). */
  @Override
  public Set<String> exemptFrom() {
    return Set.of("P3", "P4");
  }
}
