package org.vmqsc.runtime.hypervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.vmqsc.core.baseline.pessimistic.LoggingControl;
import org.vmqsc.core.baseline.pessimistic.LoggingHost;
import org.vmqsc.core.baseline.pessimistic.PessimisticRoles;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.model.TimerFire;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.HostEnv;
import org.vmqsc.core.role.Report;
import org.vmqsc.core.spi.ProtocolContext;
import org.vmqsc.runtime.cluster.ClusterSpec;
import org.vmqsc.runtime.proto.MessageId;

/**
 * Protocol {@code pessimistic}: the core's receiver-based pessimistic logging
 * ({@link LoggingHost}, the simulator's very code), one host's part driven alone. Every
 * determinant (receipt or timer firing) is staged on this node's real {@code FileStableStorage}
 * and reaches the guest only once the writer reports it durable (file and directory fsync).
 *
 * <p>Its cumulative per-channel acknowledgements (which let senders drop their copies and make
 * checkpoints safe, so storage is reclaimed) travel the way VM_QSC's do: in this host's report to
 * the manager, which relays them to the sender's host in its announcement. Each channel's
 * acknowledgement is sent as the name (from, to, seq) of the highest message logged; the report
 * carries no VMs, so the manager's lines stay at 0 (pessimistic logging has no global line).
 */
final class LoggingEngine implements HostEngine {
  /**
   * A VM with this many determinants waiting for their log write takes no more timers, as a VM
   * whose link is full: without it, timers that come faster than the disk syncs would queue
   * without bound. Enough to keep the writer's batches (64 items) full.
   */
  static final int MAX_UNLOGGED_PER_VM = 32;

  private final Env env;
  private final LoggingHost host;
  private List<Ack> acks = new ArrayList<>();
  private int index;

  LoggingEngine(Env env) {
    this.env = env;
    ProtocolContext ctx = new ProtocolContext(env.topo(), Rules.ALL, env.transport(),
        env.storage(), env.listener(), System::currentTimeMillis);
    this.host = new PessimisticRoles().host(new HostEnv(env.host(), ctx, this::toManager));
  }

  /**
   * The host role's acks (one batch per sending host, once a tick) ride in this tick's report;
   * its line status is information this runtime's manager does not keep.
   */
  private void toManager(Control m) {
    if (m instanceof LoggingControl.Logged logged) {
      acks.addAll(logged.upTo());
    }
  }

  @Override
  public void boot(IntFunction<Guest> guests) {
    host.boot(guests);
  }

  @Override
  public void onTick(int x) {
    index = Math.max(index, x);
    host.onTick(x); // markers, due checkpoints, and the tick's acks (ackOut)
    env.reports().send(new Report(env.host(), new int[0], new int[0], new int[0], acks));
    acks = new ArrayList<>();
  }

  @Override
  public void onTimer(int vm, TimerFire fire) {
    host.onTimer(vm, fire);
  }

  @Override
  public void onArrival(Message m) {
    host.onArrival(m);
  }

  @Override
  public void onDurable(long ticket) {
    host.onDurable(ticket);
  }

  @Override
  public void onAnnouncement(int line, List<MessageId> relayed) {
    if (relayed.isEmpty()) {
      return;
    }
    List<Ack> upTo = new ArrayList<>();
    for (MessageId id : relayed) {
      upTo.add(new Ack(id.getFrom(), id.getTo(), 0, id.getSeq()));
    }
    host.onControl(new LoggingControl.Logged(env.host(), upTo));
  }

  @Override
  public boolean isUp(int vm) {
    return host.isUp(vm);
  }

  @Override
  public boolean accepting(int vm) {
    return host.unlogged(vm) < MAX_UNLOGGED_PER_VM;
  }

  @Override
  public VmLook look(int vm) {
    Guest g = host.guest(vm);
    return g == null ? null : new VmLook(true, index, 0, 0, g);
  }

  @Override
  public int knownLine() {
    return -1;
  }

  @Override
  public VmqscEngine recovery() {
    throw NoRecovery.of(ClusterSpec.Protocol.PESSIMISTIC);
  }
}
