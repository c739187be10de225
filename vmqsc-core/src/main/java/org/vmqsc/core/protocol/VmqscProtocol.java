package org.vmqsc.core.protocol;

import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.spi.ControlPlane;
import org.vmqsc.core.spi.HostReport;
import org.vmqsc.core.spi.HostedProtocol;
import org.vmqsc.core.spi.Protocol;
import org.vmqsc.core.spi.ProtocolContext;

/** VM_QSC behind the common {@link Protocol} interface: one hypervisor a host, one manager. */
public final class VmqscProtocol extends HostedProtocol {
  private final ProtocolContext ctx;
  private final Topology topo;
  private final Manager manager;
  private final HostRecovery recovery;
  private final Hypervisor[] hvs;

  public VmqscProtocol(ProtocolContext ctx) {
    this(ctx, new Hypervisor[ctx.topology().hosts()]);
  }

  private VmqscProtocol(ProtocolContext ctx, Hypervisor[] hvs) {
    super(ctx.topology(), hvs);
    this.ctx = ctx;
    this.topo = ctx.topology();
    this.manager = new Manager(topo, ctx.storage(), ctx.listener());
    this.recovery = new HostRecovery(manager);
    this.hvs = hvs;
    for (int h = 0; h < hvs.length; h++) {
      hvs[h] = newHypervisor(h);
    }
    manager.connect((host, line, acks) -> {
      if (hvs[host] != null) {
        hvs[host].onAnnouncement(line, acks);
      }
    });
  }

  private Hypervisor newHypervisor(int h) {
    return new Hypervisor(h, topo, ctx.rules(), ctx.transport(), ctx.storage(), new Control(),
        ctx.listener());
  }

  /** Hypervisors' control traffic: reports to the manager. */
  private final class Control implements ControlPlane {
    @Override
    public void report(HostReport r) {
      manager.onReport(r);
    }
  }

  @Override
  public String name() {
    return "vmqsc";
  }

  @Override
  public void boot(IntFunction<Guest> guests) {
    for (Hypervisor hv : hvs) {
      hv.boot(guests);
    }
  }

  @Override
  public void onManagerTick(int x) {
    manager.onTick();
  }

  @Override
  public void restoreVm(int vm) {
    hvs[hostOf(vm)].restoreVm(vm);
  }

  @Override
  public int hostOf(int vm) {
    return manager.placement().hostOf(vm);
  }

  @Override
  public void failHost(int host) {
    hvs[host] = null;
  }

  @Override
  public Recovery recoverHosts(Set<Integer> failed, int[] hostIndex) {
    for (int h : failed) {
      hvs[h] = newHypervisor(h);
      hvs[h].resumeAt(hostIndex[h]);
    }
    HostRecovery.Plan plan = recovery.recover(failed, h -> hvs[h]);
    return new Recovery(plan.line(), plan.rollback(), plan.damagedLine());
  }

  @Override
  public boolean relocates() {
    return true;
  }

  /** D14: the failed hosts stay down; their VMs restart from stable storage on live hosts. */
  @Override
  public Recovery relocateHosts(Set<Integer> failed, Map<Integer, Integer> newHostOfVm,
      int[] hostIndex) {
    HostRecovery.Plan plan = recovery.recover(failed, newHostOfVm, h -> hvs[h]);
    return new Recovery(plan.line(), plan.rollback(), plan.damagedLine());
  }

  /** An emptied host is back: it runs nothing until VMs move to it, but learns every rollback. */
  @Override
  public void rejoinHost(int host, int index) {
    Hypervisor hv = newHypervisor(host);
    hv.resumeAt(index);
    hv.noteRollbacks(recovery.history());
    hvs[host] = hv;
  }

  @Override
  public int takenLine() {
    return manager.takenLine();
  }

  @Override
  public int durableLine() {
    return manager.durableLine();
  }

  /** The hypervisor of a host, for traces and tests (null while the host is down). */
  public Hypervisor hypervisor(int host) {
    return hvs[host];
  }
}
