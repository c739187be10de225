package org.vmqsc.core.role;

import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.spi.Protocol;
import org.vmqsc.core.spi.ProtocolContext;

/**
 * A whole protocol in one process, as the simulator runs it: one host role a host and one manager
 * role, wired in memory. Control messages go through a {@link Courier}, which the simulator makes
 * take the network's delay; recovery phases are calls to the host roles. A host that is down has
 * no role: events for it are dropped, as they would be by a dead process.
 */
public final class RoleSystem implements Protocol {
  /** The manager's end of a control message, in {@link Courier#carry}. */
  public static final int MANAGER = -1;

  /** Carries a control message from one end ({@link #MANAGER} or a host) to another. */
  @FunctionalInterface
  public interface Courier {
    /** Runs {@code delivery} when the message arrives (at once, or later). */
    void carry(int from, int to, Runnable delivery);

    /**
     * Carries one recovery phase's call from the manager to {@code host} and its reply back.
     * Calls stay synchronous; a courier may account the round trip's time.
     */
    default Control call(int host, Control request, UnaryOperator<Control> answer) {
      return answer.apply(request);
    }
  }

  /** Delivers every control message at once (a network without delay). */
  public static final Courier INSTANT = (from, to, delivery) -> delivery.run();

  private final ProtocolRoles roles;
  private final ProtocolContext ctx;
  private final Courier courier;
  private final HostRole[] hosts;
  private final ManagerRole manager;
  /** Blocked time of host roles lost with their hosts. */
  private long blockedOnFailedHosts;

  public RoleSystem(ProtocolRoles roles, ProtocolContext ctx) {
    this(roles, ctx, INSTANT);
  }

  public RoleSystem(ProtocolRoles roles, ProtocolContext ctx, Courier courier) {
    this.roles = roles;
    this.ctx = ctx;
    this.courier = courier;
    this.hosts = new HostRole[ctx.topology().hosts()];
    this.manager = roles.manager(new ManagerEnv(ctx, this::toHost, new Calls()));
    for (int h = 0; h < hosts.length; h++) {
      hosts[h] = newHost(h);
    }
  }

  private HostRole newHost(int h) {
    return roles.host(new HostEnv(h, ctx, m -> courier.carry(h, MANAGER,
        () -> manager.onControl(h, m))));
  }

  /** Lost if the host is down when it is sent, or replaced (failed) before it arrives. */
  private void toHost(int h, Control m) {
    HostRole target = hosts[h];
    if (target != null) {
      courier.carry(MANAGER, h, () -> {
        if (hosts[h] == target) {
          target.onControl(m);
        }
      });
    }
  }

  /** Recovery phases, as direct calls on the host roles, through the courier. */
  private final class Calls implements HostCalls {
    @Override
    public boolean reachable(int host) {
      return hosts[host] != null;
    }

    @Override
    public Control call(int host, Control request) {
      HostRole target = hosts[host];
      if (target == null) {
        throw new HostUnreachableException(host, null);
      }
      return courier.call(host, request, target::onCall);
    }
  }

  @Override
  public String name() {
    return roles.name();
  }

  @Override
  public void boot(IntFunction<Guest> guests) {
    for (HostRole h : hosts) {
      h.boot(guests);
    }
  }

  @Override
  public void onTick(int host, int x) {
    if (hosts[host] != null) {
      hosts[host].onTick(x);
    }
  }

  @Override
  public void onManagerTick(int x) {
    manager.onTick(x);
  }

  @Override
  public void onTimer(int vm, TimerFire fire) {
    HostRole h = hosts[hostOf(vm)];
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

  @Override
  public void restoreVm(int vm) {
    HostRole h = hosts[hostOf(vm)];
    if (h != null) {
      h.restoreVm(vm);
    }
  }

  @Override
  public void failHost(int host) {
    blockedOnFailedHosts += hosts[host].blockedVmMillis();
    hosts[host] = null;
    manager.hostFailed(host);
  }

  @Override
  public Recovery recoverHosts(Set<Integer> failed, int[] hostIndex) {
    for (int h : failed) {
      hosts[h] = newHost(h);
      hosts[h].resumeAt(hostIndex[h]);
    }
    return manager.recoverHosts(failed);
  }

  @Override
  public boolean relocates() {
    return roles.relocates();
  }

  @Override
  public Recovery relocateHosts(Set<Integer> failed, Map<Integer, Integer> newHostOfVm,
      int[] hostIndex) {
    return manager.relocateHosts(failed, newHostOfVm);
  }

  /** An emptied host is back: it runs nothing until VMs move to it. */
  @Override
  public void rejoinHost(int host, int index) {
    hosts[host] = newHost(host);
    hosts[host].resumeAt(index);
    manager.rejoinHost(host);
  }

  @Override
  public int hostOf(int vm) {
    return manager.hostOf(vm);
  }

  @Override
  public Guest guest(int vm) {
    HostRole h = hosts[hostOf(vm)];
    return h == null ? null : h.guest(vm);
  }

  @Override
  public boolean isUp(int vm) {
    HostRole h = hosts[hostOf(vm)];
    return h != null && h.isUp(vm);
  }

  @Override
  public int takenLine() {
    return manager.takenLine();
  }

  @Override
  public int durableLine() {
    return manager.durableLine();
  }

  @Override
  public Set<String> exemptFrom() {
    return roles.exemptFrom();
  }

  @Override
  public long blockedVmMillis() {
    long total = blockedOnFailedHosts;
    for (HostRole h : hosts) {
      total += h == null ? 0 : h.blockedVmMillis();
    }
    return total;
  }

  /** Host {@code h}'s role, or null while it is down (for tests and traces). */
  public HostRole host(int h) {
    return hosts[h];
  }

  /** The manager's role (for tests and traces). */
  public ManagerRole manager() {
    return manager;
  }
}
