package org.vmqsc.runtime.manager;

import org.vmqsc.core.protocol.VmqscManager;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.Recovery;
import org.vmqsc.core.spi.CostCounts;
import org.vmqsc.runtime.cluster.CostsWire;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.HostLiveness;

/** The manager's answer to ClusterStatus: its role's lines and placement, and its hosts. */
final class ManagerStatus {
  private ManagerStatus() {}

  /** On the manager's loop. {@code last} is the last recovery (null before the first). */
  static ClusterStatusResponse of(ManagerNode node, CostCounts.Snapshot costs,
      Recovery last) {
    ManagerRole role = node.role;
    ClusterStatusResponse.Builder b = ClusterStatusResponse.newBuilder()
        .setTakenLine(role.takenLine()).setDurableLine(role.durableLine())
        .setRecoveries(node.recovery.recoveries)
        .setLastRecoveryLine(last == null ? -1 : last.line())
        .setLastDamagedLine(last == null ? -1 : last.damagedLine())
        .setCosts(CostsWire.of(costs, 0));
    if (node.stateProblem() != null) {
      b.setManagerProblem(node.stateProblem());
    }
    if (node.recovery.problem() != null) {
      b.setRecoveryProblem(node.recovery.problem());
    }
    boolean recovering = role instanceof VmqscManager v && v.recovery().pending() != null;
    for (int h = 0; h < node.hosts.length; h++) {
      HostEntry e = node.hosts[h];
      recovering |= e.awaitingRecovery;
      b.addHosts(HostLiveness.newBuilder().setHost(h).setAlive(e.alive)
          .setAddress(e.address == null ? "" : e.address).setJoins(e.joins)
          .setAwaitingRecovery(e.awaitingRecovery).setSessionUp(e.down != null));
    }
    b.setRecoveryInProgress(recovering);
    b.setManagerTerm(node.term()).addAllManagerReplicas(node.replicas.get());
    // Only VM_QSC's manager numbers incarnations (read by its class: no common form); under
    // another protocol every VM shows 0.
    int vms = node.topo.vms();
    int[] inc = role instanceof VmqscManager v ? v.lines().state().incarnation() : new int[vms];
    for (int v = 0; v < vms; v++) {
      b.addIncarnation(inc[v]).addVmHost(role.hostOf(v));
    }
    return b.build();
  }
}
