package org.vmqsc.core.protocol;

import java.util.function.IntFunction;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.Announcement;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.Done;
import org.vmqsc.core.role.HostEnv;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.VmLook;

/**
 * VM_QSC's host role: one {@link Hypervisor}, taking the manager's announcements (D2) and its
 * recovery phases ({@link PhaseCall}) as messages.
 */
public final class VmqscHost implements HostRole {
  private final Hypervisor hv;

  VmqscHost(HostEnv env) {
    this.hv = new Hypervisor(env.host(), env.ctx().topology(), env.ctx().rules(),
        env.ctx().transport(), env.ctx().storage(), env.manager(), env.ctx().listener());
  }

  /** The hypervisor itself, for status, traces and tests. */
  public Hypervisor hypervisor() {
    return hv;
  }

  @Override
  public void boot(IntFunction<Guest> guests) {
    hv.boot(guests);
  }

  @Override
  public void resumeAt(int index) {
    hv.resumeAt(index);
  }

  @Override
  public void onTick(int x) {
    hv.onTick(x);
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
  public void onControl(Control message) {
    Announcement a = (Announcement) message;
    hv.onAnnouncement(a.durableLine(), a.acks());
  }

  @Override
  public Control onCall(Control request) {
    if (request instanceof PhaseCall.DependenciesSince d) {
      return new PhaseCall.Dependencies(hv.dependenciesSince(d.line()));
    } else if (request instanceof PhaseCall.NoteRollbacks n) {
      hv.noteRollbacks(n.rollbacks());
    } else if (request instanceof PhaseCall.RollBack r) {
      hv.rollBack(r.vms());
    } else if (request instanceof PhaseCall.Resume r) {
      hv.resume(r.vms());
    } else if (request instanceof PhaseCall.HandOver h) {
      hv.handOver(h.acks());
    } else if (request instanceof PhaseCall.RetransmitTo r) {
      hv.retransmitTo(r.restoredVms());
    } else {
      throw new IllegalArgumentException("not a VM_QSC recovery phase: " + request);
    }
    return Done.DONE;
  }

  @Override
  public void failVm(int vm) {
    hv.failVm(vm);
  }

  @Override
  public void restoreVm(int vm) {
    hv.restoreVm(vm);
  }

  @Override
  public VmLook look(int vm) {
    VmView v = hv.view(vm);
    return v == null ? null : new VmLook(v.up(), v.index(), v.incarnation(), v.usable(),
        v.guest());
  }

  @Override
  public boolean isUp(int vm) {
    return hv.isUp(vm);
  }

  @Override
  public Guest guest(int vm) {
    return hv.guest(vm);
  }

  @Override
  public int knownLine() {
    return hv.knownLine();
  }
}
