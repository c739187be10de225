package org.vmqsc.core.spi;

import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;

/**
 * A protocol made of one part a host: routes the driver's per-host events to the part of the
 * host concerned, and drops them while that host is down (its slot is null).
 */
public abstract class HostedProtocol implements Protocol {
  private final Topology topology;
  private final ProtocolHost[] hosts;

  /** {@code hosts} is the subclass's own array of host parts; slots may be replaced later. */
  protected HostedProtocol(Topology topology, ProtocolHost[] hosts) {
    this.topology = topology;
    this.hosts = hosts;
  }

  /** The topology's placement; a protocol that moves VMs overrides this. */
  @Override
  public int hostOf(int vm) {
    return topology.hostOf(vm);
  }

  @Override
  public void onTick(int host, int x) {
    if (hosts[host] != null) {
      hosts[host].onTick(x);
    }
  }

  @Override
  public Guest guest(int vm) {
    ProtocolHost h = hosts[hostOf(vm)];
    return h == null ? null : h.guest(vm);
  }

  @Override
  public boolean isUp(int vm) {
    ProtocolHost h = hosts[hostOf(vm)];
    return h != null && h.isUp(vm);
  }

  @Override
  public void onTimer(int vm, TimerFire fire) {
    ProtocolHost h = hosts[hostOf(vm)];
    if (h != null) {
      h.onTimer(vm, fire);
    }
  }

  @Override
  public void onArrival(int host, Message m) {
    if (hosts[host] != null) {
      hosts[host].onArrival(m);
    }
  }

  @Override
  public void onDurable(int host, long ticket) {
    if (hosts[host] != null) {
      hosts[host].onDurable(ticket);
    }
  }

  @Override
  public void failVm(int vm) {
    hosts[hostOf(vm)].failVm(vm);
  }
}
