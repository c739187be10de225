package org.vmqsc.core.protocol;

import java.util.Map;
import java.util.Set;
import org.vmqsc.core.role.Announcement;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.HostCalls;
import org.vmqsc.core.role.ManagerEnv;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.Recovery;
import org.vmqsc.core.role.Report;

/**
 * VM_QSC's manager role: the lines from reports (R4), announcements with relayed acknowledgements
 * (D2), and host recovery (R9, D14) through {@link PhaseCall}s.
 */
public final class VmqscManager implements ManagerRole {
  private final Manager manager;
  private final HostRecovery recovery;
  private final HostCalls calls;

  VmqscManager(ManagerEnv env) {
    this.manager = new Manager(env.ctx().topology(), env.ctx().storage(), env.ctx().listener());
    this.recovery = new HostRecovery(manager, env.ctx().rules());
    this.calls = env.calls();
    manager.connect((host, line, acks) -> env.hosts().send(host, new Announcement(line, acks)));
  }

  /** The line keeper, for status, persistence and tests. */
  public Manager lines() {
    return manager;
  }

  /** The recovery rule and its history, for persistence. */
  public HostRecovery recovery() {
    return recovery;
  }

  @Override
  public void onControl(int host, Control message) {
    manager.onReport((Report) message);
  }

  @Override
  public void onTick(int x) {
    manager.onTick();
  }

  private HypervisorPort port(int host) {
    return calls.reachable(host) ? new CalledHypervisor(calls, host) : null;
  }

  @Override
  public Recovery recoverHosts(Set<Integer> failed) {
    return of(recovery.recover(failed, this::port));
  }

  /** D14: the failed hosts stay down; their VMs restart from stable storage on live hosts. */
  @Override
  public Recovery relocateHosts(Set<Integer> failed, Map<Integer, Integer> newHostOfVm) {
    return of(recovery.recover(failed, newHostOfVm, this::port));
  }

  /** An emptied host is back: it runs nothing until VMs move to it, but learns every rollback. */
  @Override
  public void rejoinHost(int host) {
    port(host).noteRollbacks(recovery.history());
  }

  private static Recovery of(HostRecovery.Plan plan) {
    return new Recovery(plan.line(), plan.rollback(), plan.damagedLine());
  }

  @Override
  public int hostOf(int vm) {
    return manager.placement().hostOf(vm);
  }

  @Override
  public int takenLine() {
    return manager.takenLine();
  }

  @Override
  public int durableLine() {
    return manager.durableLine();
  }
}
