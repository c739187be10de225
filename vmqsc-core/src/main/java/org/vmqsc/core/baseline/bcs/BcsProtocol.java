package org.vmqsc.core.baseline.bcs;

import org.vmqsc.core.role.Recovery;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.ToManager;
import org.vmqsc.core.role.Report;
import org.vmqsc.core.spi.Protocol;
import org.vmqsc.core.spi.ProtocolContext;

/**
 * The index-based communication-induced checkpointing baseline of SPEC §6 (Briatico, Ciuffoletti
 * and Simoncini): each VM checkpoints at its own period and raises its sequence number, every
 * message carries the sender's sn, and a receiver with a lower sn takes a forced checkpoint before
 * delivery. This is what drags MI VMs onto the SI rhythm, the cost VM_QSC's abstract claims to
 * avoid. In-transit messages are logged by the receiver (CHANNEL), and any failure rolls every VM
 * back to the manager's durable line. One {@link BcsHost} per host, one {@link BcsManager}.
 */
public final class BcsProtocol extends org.vmqsc.core.spi.HostedProtocol {
  private final ProtocolContext ctx;
  private final Topology topo;
  private final Incarnations incarnations;
  private final BcsManager manager;
  private final BcsRollback rollback;
  private final BcsHost[] hosts;

  public BcsProtocol(ProtocolContext ctx) {
    this(ctx, new BcsHost[ctx.topology().hosts()]);
  }

  private BcsProtocol(ProtocolContext ctx, BcsHost[] hosts) {
    super(ctx.topology(), hosts);
    this.ctx = ctx;
    this.topo = ctx.topology();
    this.incarnations = new Incarnations(topo.vms());
    this.manager = new BcsManager(topo, ctx.storage(), ctx.listener());
    this.rollback = new BcsRollback(topo, ctx.storage(), ctx.listener(), incarnations, manager);
    this.hosts = hosts;
    for (int h = 0; h < hosts.length; h++) {
      hosts[h] = newHost(h);
    }
  }

  private BcsHost newHost(int h) {
    return new BcsHost(h, topo, ctx.rules(), ctx.transport(), ctx.storage(), new Control(),
        ctx.listener(), incarnations);
  }

  /** Hosts' control traffic: one report per tick to the manager, acknowledgements inside. */
  private final class Control implements ToManager {
    @Override
    public void send(org.vmqsc.core.role.Control r) {
      manager.onReport((Report) r);
    }
  }

  @Override
  public String name() {
    return "bcs";
  }

  @Override
  public void boot(IntFunction<Guest> guests) {
    for (BcsHost h : hosts) {
      h.boot(guests);
    }
  }

  @Override
  public void onManagerTick(int x) {
    manager.onTick(h -> hosts[h]);
  }

  /**
   * The VM's restart is due: every VM rolls back to the durable line. While a host is down its
   * recovery is pending and will roll everything back anyway, this VM included.
   */
  @Override
  public void restoreVm(int vm) {
    for (BcsHost h : hosts) {
      if (h == null) {
        return;
      }
    }
    rollback.rollbackAll(h -> hosts[h]);
  }

  @Override
  public void failHost(int host) {
    hosts[host] = null;
  }

  @Override
  public Recovery recoverHosts(Set<Integer> failed, int[] hostIndex) {
    for (int h : failed) {
      hosts[h] = newHost(h); // empty: its VMs are rebuilt from stable storage by the rollback
    }
    int line = rollback.rollbackAll(h -> hosts[h]);
    Set<Integer> all = new TreeSet<>();
    for (int v = 0; v < topo.vms(); v++) {
      all.add(v);
    }
    return new Recovery(line, all);
  }

  /** The highest n every VM's sn has reached. */
  @Override
  public int takenLine() {
    return manager.takenLine();
  }

  @Override
  public int durableLine() {
    return manager.durableLine();
  }

  /** VM failures roll every VM back (P3); forced checkpoints are the protocol (P4). */
  @Override
  public Set<String> exemptFrom() {
    return Set.of("P3", "P4");
  }

  /** A VM's current sn (for tests and traces); -1 while its host is down. */
  public int sn(int vm) {
    BcsHost h = hosts[topo.hostOf(vm)];
    return h == null ? -1 : h.sn(vm);
  }

  /** A VM's current incarnation (for tests and traces); -1 while its host is down. */
  public int incarnation(int vm) {
    BcsHost h = hosts[topo.hostOf(vm)];
    return h == null ? -1 : h.incarnation(vm);
  }
}
