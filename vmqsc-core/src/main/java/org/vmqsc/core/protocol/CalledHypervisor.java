package org.vmqsc.core.protocol;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.role.HostCalls;

/** The manager's side of a {@link HypervisorPort}: every phase one {@link PhaseCall} to a host. */
final class CalledHypervisor implements HypervisorPort {
  private final HostCalls calls;
  private final int host;

  CalledHypervisor(HostCalls calls, int host) {
    this.calls = calls;
    this.host = host;
  }

  @Override
  public Map<Integer, Set<Integer>> dependenciesSince(int line) {
    return ((PhaseCall.Dependencies) calls.call(host, new PhaseCall.DependenciesSince(line)))
        .byVm();
  }

  @Override
  public void noteRollbacks(List<Rollback> rollbacks) {
    calls.call(host, new PhaseCall.NoteRollbacks(rollbacks));
  }

  @Override
  public void rollBack(List<Rollback> vms) {
    calls.call(host, new PhaseCall.RollBack(vms));
  }

  @Override
  public void resume(List<Integer> vms) {
    calls.call(host, new PhaseCall.Resume(vms));
  }

  @Override
  public void handOver(List<Ack> acks) {
    calls.call(host, new PhaseCall.HandOver(acks));
  }

  @Override
  public void retransmitTo(Set<Integer> restoredVms) {
    calls.call(host, new PhaseCall.RetransmitTo(restoredVms));
  }
}
