package org.vmqsc.runtime.hypervisor;

import java.util.function.IntFunction;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.HostRole;
import org.vmqsc.core.role.VmLook;

/**
 * A test double of a broken runtime: a host role that mishandles one arrival on channel
 * {@code from -> to} (after {@code skip} good ones) and passes everything else on untouched.
 * {@link Fault#WRONG_PAYLOAD} delivers it with other contents but the same amount (counts and
 * money still agree: only the hash chains tell); {@link Fault#DROPPED} never delivers it.
 */
public final class FaultyArrivals implements HostRole {
  public enum Fault { WRONG_PAYLOAD, DROPPED }

  private final HostRole inner;
  private final int from;
  private final int to;
  private final Fault fault;
  private int skip;
  private boolean done;

  public FaultyArrivals(HostRole inner, int from, int to, int skip, Fault fault) {
    this.inner = inner;
    this.from = from;
    this.to = to;
    this.skip = skip;
    this.fault = fault;
  }

  /** Whether the fault has happened (read it on the host's loop). */
  public boolean done() {
    return done;
  }

  @Override
  public void onArrival(Message m) {
    if (done || m.from != from || m.to != to || skip-- > 0) {
      inner.onArrival(m);
      return;
    }
    done = true;
    if (fault == Fault.WRONG_PAYLOAD) {
      inner.onArrival(new Message(m.from, m.to, m.seq, m.senderIndex, m.senderIncarnation,
          m.payload ^ 0x5A5A5A5AL, m.amount));
    }
  }

  @Override
  public void boot(IntFunction<Guest> guests) {
    inner.boot(guests);
  }

  @Override
  public void resumeAt(int index) {
    inner.resumeAt(index);
  }

  @Override
  public void onTick(int x) {
    inner.onTick(x);
  }

  @Override
  public void onTimer(int vm, TimerFire fire) {
    inner.onTimer(vm, fire);
  }

  @Override
  public void onDurable(long ticket) {
    inner.onDurable(ticket);
  }

  @Override
  public void onControl(Control message) {
    inner.onControl(message);
  }

  @Override
  public Control onCall(Control request) {
    return inner.onCall(request);
  }

  @Override
  public void failVm(int vm) {
    inner.failVm(vm);
  }

  @Override
  public void restoreVm(int vm) {
    inner.restoreVm(vm);
  }

  @Override
  public VmLook look(int vm) {
    return inner.look(vm);
  }

  @Override
  public boolean accepting(int vm) {
    return inner.accepting(vm);
  }

  @Override
  public int knownLine() {
    return inner.knownLine();
  }

  @Override
  public long blockedVmMillis() {
    return inner.blockedVmMillis();
  }
}
