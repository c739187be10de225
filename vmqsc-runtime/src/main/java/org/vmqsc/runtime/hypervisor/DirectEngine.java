package org.vmqsc.runtime.hypervisor;

import java.util.List;
import java.util.function.IntFunction;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Send;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.MessageId;

/**
 * Protocol {@code none}: the relay with checkpointing and logging off, the baseline VM_QSC's
 * overhead is measured against. A timer's send is stamped and relayed, an arrival goes straight
 * to its guest: no checkpoints, no logs, no acknowledgements, no dependency tracking, nothing
 * staged, nothing reported. It stamps messages as VM_QSC does (per-channel sequence numbers) so
 * that the guests and the wire see the same traffic. Without failures the per-peer stream
 * neither reorders nor repeats, so no duplicate or order checks are needed; with a failure this
 * engine would lose or repeat messages, which is why it recovers nothing.
 */
final class DirectEngine implements HostEngine {
  private final Env env;
  private final Guest[] guests;
  /** Per local VM, per peer: messages sent so far (the next send's sequence number - 1). */
  private final int[][] sendSeq;
  private int index;

  DirectEngine(Env env) {
    this.env = env;
    this.guests = new Guest[env.topo().vms()];
    this.sendSeq = new int[env.topo().vms()][];
  }

  @Override
  public void boot(IntFunction<Guest> factory) {
    for (int v : env.topo().vmsOn(env.host())) {
      guests[v] = factory.apply(v);
      sendSeq[v] = new int[env.topo().vms()];
    }
  }

  @Override
  public void onTick(int x) {
    index = Math.max(index, x); // only for status: nothing happens at a tick
  }

  @Override
  public void onTimer(int vm, TimerFire fire) {
    Send send = guests[vm].fire(fire);
    if (send == null) {
      return;
    }
    Message m = new Message(vm, send.to(), ++sendSeq[vm][send.to()], index, 0, send.payload(),
        send.amount());
    env.listener().sent(vm, m);
    int dest = env.topo().hostOf(send.to());
    if (dest == env.host()) {
      onArrival(m);
    } else {
      env.transport().send(dest, m);
    }
  }

  @Override
  public void onArrival(Message m) {
    Guest g = guests[m.to];
    if (g == null) {
      throw new IllegalArgumentException("vm " + m.to + " does not run on host " + env.host());
    }
    g.receive(m);
    env.listener().delivered(m.to, m, index, false);
  }

  @Override
  public void onDurable(long ticket) {
    // nothing is ever staged
  }

  @Override
  public void onAnnouncement(int line, List<MessageId> acks) {
    // nothing is ever acknowledged
  }

  @Override
  public boolean isUp(int vm) {
    return guests[vm] != null;
  }

  @Override
  public VmLook look(int vm) {
    Guest g = guests[vm];
    return g == null ? null : new VmLook(true, index, 0, 0, g);
  }

  @Override
  public int knownLine() {
    return -1;
  }

  @Override
  public VmqscEngine recovery() {
    throw NoRecovery.of(ClusterSpec.Protocol.NONE);
  }
}
