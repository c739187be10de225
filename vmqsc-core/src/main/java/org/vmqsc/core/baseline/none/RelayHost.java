package org.vmqsc.core.baseline.none;

import java.util.function.IntFunction;
import org.vmqsc.core.channel.ChannelCounters;
import org.vmqsc.core.config.Topology;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.guest.Send;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.VmLook;
import org.vmqsc.core.spi.ProtocolListener;
import org.vmqsc.core.spi.Transport;
import org.vmqsc.core.util.IntMap;

/**
 * One host of protocol {@code none}: a timer's send is stamped and relayed, an arrival goes
 * straight to its guest. Nothing is checkpointed, logged, staged, acknowledged or reported.
 * Messages are stamped as VM_QSC stamps them (per-channel sequence numbers, the sender's index) so
 * that guests and the network see the same traffic as under the other protocols.
 *
 * <p>There are no duplicate or order checks: without failures nothing is ever sent twice, and the
 * network keeps each pair of hosts FIFO. With a failure this relay would lose or repeat messages,
 * which is why the drivers never run {@code none} with failures.
 */
final class RelayHost implements HostRole {
  private final int host;
  private final Topology topo;
  private final Transport transport;
  private final ProtocolListener listener;
  /** This host's VMs only. */
  private final IntMap<Guest> guests = new IntMap<>();
  /** Per local VM, per peer it sent to: messages sent so far (the next send's seq - 1). */
  private final IntMap<ChannelCounters> sendSeq = new IntMap<>();
  private int index;

  RelayHost(int host, Topology topo, Transport transport, ProtocolListener listener) {
    this.host = host;
    this.topo = topo;
    this.transport = transport;
    this.listener = listener;
  }

  @Override
  public void boot(IntFunction<Guest> factory) {
    for (int v : topo.vmsOn(host)) {
      guests.put(v, factory.apply(v));
      sendSeq.put(v, new ChannelCounters());
    }
  }

  /** Only stamps the index on later sends: no VM is ever due for anything. */
  @Override
  public void onTick(int x) {
    index = Math.max(index, x);
  }

  @Override
  public void onTimer(int vm, TimerFire fire) {
    Send send = guests.get(vm).fire(fire);
    if (send == null) {
      return;
    }
    Message m = new Message(vm, send.to(), sendSeq.get(vm).increment(send.to()), index, 0, send.payload(),
        send.amount());
    listener.sent(vm, m);
    int dest = topo.hostOf(send.to());
    if (dest == host) {
      onArrival(m);
    } else {
      transport.send(dest, m);
    }
  }

  @Override
  public void onArrival(Message m) {
    Guest g = guests.get(m.to);
    if (g == null) {
      throw new IllegalStateException("vm " + m.to + " does not run on host " + host);
    }
    g.receive(m);
    listener.delivered(m.to, m, index, false);
  }

  @Override
  public void onDurable(long ticket) {
    throw new IllegalStateException("host " + host + ": nothing was ever staged");
  }

  @Override
  public void failVm(int vm) {
    throw NoneRoles.cannotRecover();
  }

  @Override
  public void restoreVm(int vm) {
    throw NoneRoles.cannotRecover();
  }

  @Override
  public void onControl(Control message) {
    throw new IllegalArgumentException("protocol none has no control messages: " + message);
  }

  /** Up from boot to the end: a VM never fails under {@code none}; its index is the host's. */
  @Override
  public VmLook look(int vm) {
    return guests.get(vm) == null ? null : new VmLook(true, index, 0, -1, guests.get(vm));
  }

  @Override
  public boolean isUp(int vm) {
    return guests.get(vm) != null;
  }

  @Override
  public Guest guest(int vm) {
    return guests.get(vm);
  }
}
