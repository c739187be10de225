package org.vmqsc.runtime.hypervisor;

import java.util.List;
import java.util.function.IntFunction;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.protocol.Hypervisor;
import org.vmqsc.core.protocol.VmView;
import org.vmqsc.runtime.proto.MessageId;
import org.vmqsc.runtime.transport.Wire;

/** VM_QSC: the core {@link Hypervisor} with every rule on, as the simulator drives it. */
final class VmqscEngine implements HostEngine {
  final Hypervisor hv;

  VmqscEngine(Env env) {
    this.hv = new Hypervisor(env.host(), env.topo(), Rules.ALL, env.transport(), env.storage(),
        env.reports(), env.listener());
  }

  @Override
  public void boot(IntFunction<Guest> guests) {
    hv.boot(guests);
  }

  @Override
  public void onTick(int x) {
    hv.onTick(x); // R1; the core reports to the manager from inside
  }

  @Override
  public void onTimer(int vm, TimerFire fire) {
    hv.onTimer(vm, fire);
  }

  @Override
  public void onArrival(Message m) {
    hv.onArrival(m);
  }

  @Override
  public void onDurable(long ticket) {
    hv.onDurable(ticket);
  }

  @Override
  public void onAnnouncement(int line, List<MessageId> acks) {
    hv.onAnnouncement(line, Wire.acksOf(acks)); // D2: relayed acks, by name
  }

  @Override
  public boolean isUp(int vm) {
    return hv.isUp(vm);
  }

  @Override
  public VmLook look(int vm) {
    VmView v = hv.view(vm);
    return v == null ? null : new VmLook(v.up(), v.index(), v.incarnation(), v.usable(),
        v.guest());
  }

  @Override
  public int knownLine() {
    return hv.knownLine();
  }

  @Override
  public VmqscEngine recovery() {
    return this;
  }
}
