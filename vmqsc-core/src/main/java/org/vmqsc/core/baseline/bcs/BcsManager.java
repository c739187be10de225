package org.vmqsc.core.baseline.bcs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.role.Announcement;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.HostCalls;
import org.vmqsc.core.role.ManagerEnv;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.Recovery;
import org.vmqsc.core.role.ToHosts;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.StableStorage;

/**
 * The manager side of BCS: from one report per host per tick it keeps, for every VM, its sn and
 * the highest line it allows ({@link BcsVm#usable}). The <em>taken</em> line is the lowest sn
 * (every VM has reached it); the <em>durable</em> line is the lowest usable value, never moving
 * back. Line n is then entirely on stable storage: each VM's first checkpoint with sn >= n is
 * durable, every message sent with sn < n was delivered (acknowledged), and those delivered after
 * the receiver's line checkpoint have durable CHANNEL records. Stale reports are safe for the same
 * reason as VM_QSC's (docs/protocol.md D2): a message sent after its sender's report carries
 * sn >= that report's usable value, and an acknowledgement rides in its receiver's report, which
 * counts the message's CHANNEL record as pending, and reaches the sender only through the manager.
 * A report sent before a rollback and arriving after it speaks of the undone execution: its VMs'
 * incarnations are old, and it changes no line.
 *
 * <p>It also owns the incarnation numbers and runs every rollback ({@link BcsRollback}): on a VM's
 * due restart ({@link BcsControl.RestartDue}) and on the recovery of failed hosts.
 */
final class BcsManager implements ManagerRole {
  private final Topology topo;
  private final StableStorage storage;
  private final ProtocolListener listener;
  private final ToHosts hosts;
  private final HostCalls calls;
  private final Incarnations incarnations;
  private final BcsRollback rollback;
  private final int[] sn;
  private final int[] usable;
  /** Acknowledgements to relay, per sender host, with the next announcement. */
  private final List<List<Ack>> relay = new ArrayList<>();
  /** Line 0 is the VMs' boot images, durable before anything runs. */
  private int durableLine = 0;

  BcsManager(ManagerEnv env) {
    this.topo = env.ctx().topology();
    this.storage = env.ctx().storage();
    this.listener = env.ctx().listener();
    this.hosts = env.hosts();
    this.calls = env.calls();
    this.incarnations = new Incarnations();
    this.rollback = new BcsRollback(topo, listener, incarnations, this, calls);
    this.sn = new int[topo.vms()];
    this.usable = new int[topo.vms()];
    for (int h = 0; h < topo.hosts(); h++) {
      relay.add(new ArrayList<>());
    }
  }

  @Override
  public void onControl(int host, Control message) {
    if (message instanceof BcsControl.Status r) {
      onReport(r);
    } else if (message instanceof BcsControl.RestartDue due) {
      restartDue(due);
    } else {
      throw new IllegalArgumentException("not a BCS report: " + message);
    }
  }

  private void onReport(BcsControl.Status r) {
    listener.controlMessage("report");
    for (int i = 0; i < r.vms().length; i++) {
      int vm = r.vms()[i];
      if (r.incarnation()[i] == incarnations.current(vm)) {
        sn[vm] = r.sn()[i];
        usable[vm] = r.usable()[i];
      }
    }
    for (Ack a : r.acks()) {
      relay.get(topo.hostOf(a.from())).add(a);
    }
    int durable = Integer.MAX_VALUE;
    for (int u : usable) {
      durable = Math.min(durable, u);
    }
    if (durable > durableLine) {
      durableLine = durable;
      for (int v = 0; v < topo.vms(); v++) {
        storage.reclaim(v, durableLine); // what no line from n on needs: below each line checkpoint
      }
    }
    listener.lines(takenLine(), durableLine);
  }

  /**
   * The manager's period: one announcement to each host, with the durable line (so it may drop
   * what is below it) and the acknowledgements relayed for its VMs' sends. With the reports that
   * is two control messages per host per period, whoever talks to whom (docs/protocol.md D2).
   */
  @Override
  public void onTick(int x) {
    for (int h = 0; h < topo.hosts(); h++) {
      listener.controlMessage("announce");
      List<Ack> acks = relay.get(h);
      relay.set(h, new ArrayList<>());
      hosts.send(h, new Announcement(durableLine, acks));
    }
  }

  /**
   * A VM's restart is due: every VM rolls back to the durable line. Not if a rollback since
   * restored it already, nor while a host is down: its recovery is pending and will roll
   * everything back anyway, this VM included.
   */
  private void restartDue(BcsControl.RestartDue due) {
    if (due.incarnation() != incarnations.current(due.vm())) {
      return;
    }
    for (int h = 0; h < topo.hosts(); h++) {
      if (!calls.reachable(h)) {
        return;
      }
    }
    rollback.rollbackAll();
  }

  /** The failed hosts are back, empty: every VM, theirs and the others', rolls back. */
  @Override
  public Recovery recoverHosts(Set<Integer> failed) {
    int line = rollback.rollbackAll();
    Set<Integer> all = new TreeSet<>();
    for (int v = 0; v < topo.vms(); v++) {
      all.add(v);
    }
    return new Recovery(line, all);
  }

  @Override
  public int hostOf(int vm) {
    return topo.hostOf(vm);
  }

  /**
   * After a rollback to {@code line} the VM stands at {@code restoredSn}; until its host reports
   * afresh the line stays where it is.
   */
  void rolledBack(int vm, int restoredSn, int line) {
    sn[vm] = restoredSn;
    usable[vm] = line;
    relay.get(topo.hostOf(vm)).clear(); // acknowledgements of the undone execution's sends
  }

  /** The highest n every VM's sn has reached. */
  @Override
  public int takenLine() {
    int taken = Integer.MAX_VALUE;
    for (int s : sn) {
      taken = Math.min(taken, s);
    }
    return taken;
  }

  @Override
  public int durableLine() {
    return durableLine;
  }
}
