package org.vmqsc.core.baseline.coordinated;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.HostCalls;
import org.vmqsc.core.role.ManagerEnv;
import org.vmqsc.core.role.ManagerRole;
import org.vmqsc.core.role.Recovery;
import org.vmqsc.core.spi.ProtocolContext;

/**
 * Coordinated checkpointing's manager role: the rounds ({@link RoundCoordinator}) and the global
 * rollback. What it knows of the hosts it learnt from messages: which hosts are down (from its
 * driver), which VMs are down (their hosts' {@link CoordinatedMessage.VmFailed}), and the
 * executions so far, which it alone numbers and hands to the hosts when they roll back.
 */
final class CoordinatedManager implements ManagerRole {
  private final ProtocolContext ctx;
  private final Topology topo;
  private final HostCalls calls;
  private final RoundCoordinator rounds;
  private final Set<Integer> downHosts = new TreeSet<>();
  private final Set<Integer> downVms = new TreeSet<>();
  private Incarnations incarnations = Incarnations.FIRST;

  CoordinatedManager(ManagerEnv env) {
    this.ctx = env.ctx();
    this.topo = ctx.topology();
    this.calls = env.calls();
    this.rounds = new RoundCoordinator(topo, ctx.listener(), env.hosts(),
        h -> !downHosts.contains(h));
  }

  /** The manager's clock reached x·T0: round x, if everything is up to complete it. */
  @Override
  public void onTick(int x) {
    rounds.onTick(x, downHosts.isEmpty() && downVms.isEmpty());
  }

  @Override
  public void onControl(int host, Control message) {
    if (message instanceof CoordinatedMessage.Ack a) {
      rounds.onAck(host, a);
    } else if (message instanceof CoordinatedMessage.Drained d) {
      rounds.onDrained(host, d.x());
    } else if (message instanceof CoordinatedMessage.VmFailed f) {
      vmFailed(f);
    } else if (message instanceof CoordinatedMessage.RestartDue r) {
      restartDue(r);
    } else {
      throw new IllegalArgumentException("not a message for the coordinated manager: " + message);
    }
  }

  /** The VM is down until its restart; an open round could not complete. */
  private void vmFailed(CoordinatedMessage.VmFailed f) {
    ctx.listener().controlMessage("vm-failure");
    if (f.incarnation() < incarnations.current()) {
      return; // a rollback since has restored it
    }
    downVms.add(f.vm());
    rounds.abort();
  }

  /** Its restart is due: not a local repair, but a rollback of every live VM to the line. */
  private void restartDue(CoordinatedMessage.RestartDue r) {
    if (r.incarnation() < incarnations.current() || !downVms.contains(r.vm())) {
      return; // a rollback since has restored it
    }
    List<Integer> live = new ArrayList<>();
    for (int h = 0; h < topo.hosts(); h++) {
      if (!downHosts.contains(h)) {
        live.add(h);
      }
    }
    rollBack(live);
  }

  @Override
  public void hostFailed(int host) {
    downHosts.add(host);
    rounds.abort();
  }

  /** The failed hosts are back, empty: every VM, theirs and everyone else's, returns to L. */
  @Override
  public Recovery recoverHosts(Set<Integer> failed) {
    downHosts.removeAll(failed);
    List<Integer> up = new ArrayList<>();
    for (int h = 0; h < topo.hosts(); h++) {
      if (!downHosts.contains(h)) {
        up.add(h);
      }
    }
    return rollBack(up);
  }

  /**
   * Every VM of {@code hosts} returns to the committed line, from durable storage, in a new
   * incarnation (phase 1 on every host); then each gets its channel state of the line again
   * (phase 2), so no restored VM sends before every VM stands at the line.
   */
  private Recovery rollBack(List<Integer> hosts) {
    rounds.abort();
    int line = rounds.committedLine();
    incarnations = incarnations.next(line);
    Set<Integer> vms = new TreeSet<>();
    for (int h : hosts) {
      ctx.listener().controlMessage("rollback");
      for (int v : topo.vmsOn(h)) {
        vms.add(v);
      }
    }
    LineCall restore = new LineCall.RestoreLine(incarnations.startLines(), rounds.lastRound());
    for (int h : hosts) {
      calls.call(h, restore);
    }
    for (int h : hosts) {
      calls.call(h, LineCall.Redeliver.REDELIVER);
    }
    downVms.removeAll(vms);
    ctx.listener().rolledBack(vms, line);
    return new Recovery(line, vms);
  }

  @Override
  public int hostOf(int vm) {
    return topo.hostOf(vm);
  }

  /** The committed line: coordinated checkpointing has no taken-but-not-durable line. */
  @Override
  public int takenLine() {
    return rounds.committedLine();
  }

  @Override
  public int durableLine() {
    return rounds.committedLine();
  }

  /** The round the manager has open, or -1 (for tests and traces). */
  int openRound() {
    return rounds.openRound();
  }
}
