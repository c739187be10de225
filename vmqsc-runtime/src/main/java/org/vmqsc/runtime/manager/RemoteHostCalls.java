package org.vmqsc.runtime.manager;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.protocol.PhaseCall;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.Done;
import org.vmqsc.core.role.HostCalls;
import org.vmqsc.core.role.HostUnreachableException;
import org.vmqsc.runtime.proto.AckPart;
import org.vmqsc.runtime.proto.EndRecoveryRequest;
import org.vmqsc.runtime.proto.HypervisorServiceGrpc;
import org.vmqsc.runtime.transport.AckParts;
import org.vmqsc.runtime.transport.ControlWire;
import org.vmqsc.runtime.transport.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager role's recovery phases to hypervisors in other processes: each call one blocking
 * {@code Call} RPC with a deadline, answered once the host role has run it on its event loop. A
 * call that gets no answer (the host died, timed out) throws {@link HostUnreachableException},
 * which aborts the attempt until the hosts are back; one the host refuses (its phase failed)
 * throws {@link IllegalStateException} with the host's reason, which no retry would change.
 */
final class RemoteHostCalls implements HostCalls {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteHostCalls.class);
  static final long PHASE_DEADLINE_SECONDS = 20;
  private final IntPredicate reachable;
  private final IntFunction<ManagedChannel> channel;
  /** Hosts called since the last {@link #endRecovery}; confined to the manager's loop. */
  private final Set<Integer> called = new TreeSet<>();

  /**
   * @param reachable whether a host takes part in a recovery now (alive, or back and waiting)
   * @param channel the channel to a host's HypervisorService
   */
  RemoteHostCalls(IntPredicate reachable, IntFunction<ManagedChannel> channel) {
    this.reachable = reachable;
    this.channel = channel;
  }

  @Override
  public boolean reachable(int host) {
    return reachable.test(host);
  }

  @Override
  public Control call(int host, Control request) {
    return request instanceof PhaseCall.HandOver h ? handOver(host, h.acks())
        : remote(host, request);
  }

  /**
   * The runtime's end of a recovery on every host called since the last end (not a protocol
   * record: a hypervisor holds its traffic from a recovery's first call until this, as the
   * simulator runs a recovery in one event, D11). The manager ends one after each event of its
   * loop, whichever role entry point made the calls (a host recovery, or a VM's restart under a
   * protocol that rolls every VM back). Best effort: a host that cannot be told lets go by itself
   * after its hold limit.
   */
  void endRecovery(boolean completed) {
    for (int host : called) {
      try {
        HypervisorServiceGrpc.newBlockingStub(channel.apply(host))
            .withDeadlineAfter(PHASE_DEADLINE_SECONDS, TimeUnit.SECONDS)
            .endRecovery(EndRecoveryRequest.newBuilder().setCompleted(completed).build());
      } catch (StatusRuntimeException e) {
        LOG.warn("host {}: cannot end the recovery: {}", host, e.toString());
      }
    }
    called.clear();
  }

  /**
   * A restarted manager with no plan under way: a host its predecessor called in a recovery it
   * did not live to end would hold for ever (hosts have no time limit), so each is told the
   * recovery ended, unfinished (a restarted host not rebuilt yet keeps waiting). Best effort,
   * with a short deadline: a host that is down holds nothing.
   */
  void releaseAfterRestart(Set<Integer> hosts) {
    for (int host : hosts) {
      try {
        HypervisorServiceGrpc.newBlockingStub(channel.apply(host))
            .withDeadlineAfter(RELEASE_DEADLINE_SECONDS, TimeUnit.SECONDS)
            .endRecovery(EndRecoveryRequest.newBuilder().setCompleted(false).build());
      } catch (StatusRuntimeException e) {
        LOG.debug("host {}: not released: {}", host, e.getStatus());
      }
    }
  }

  static final long RELEASE_DEADLINE_SECONDS = 2;

  /**
   * A recovery attempt failed but its plan stands (VM_QSC): the hosts called keep holding, and
   * the replay of the plan ends the recovery on them. Nobody is told anything now.
   */
  void forget() {
    called.clear();
  }

  private Control remote(int host, Control request) {
    called.add(host);
    try {
      return ControlWire.fromProto(HypervisorServiceGrpc.newBlockingStub(channel.apply(host))
          .withDeadlineAfter(PHASE_DEADLINE_SECONDS, TimeUnit.SECONDS)
          .call(ControlWire.toProto(request)));
    } catch (StatusRuntimeException e) {
      if (REFUSALS.contains(e.getStatus().getCode())) {
        // It answered, and said no: asking again will get the same answer.
        throw new IllegalStateException("host " + host + " refused "
            + request.getClass().getSimpleName() + ": " + e.getStatus().getDescription(), e);
      }
      throw new HostUnreachableException(host, e);
    }
  }

  /** A host's answers that say the phase cannot be done, as opposed to it not being there. */
  private static final Set<io.grpc.Status.Code> REFUSALS = Set.of(io.grpc.Status.Code.INTERNAL,
      io.grpc.Status.Code.FAILED_PRECONDITION, io.grpc.Status.Code.INVALID_ARGUMENT,
      io.grpc.Status.Code.UNIMPLEMENTED);

  /**
   * The acks a recovery hands over before phase 5 (D4) may be far more than one frame: they go
   * in several calls of at most a frame's budget each, in order. Applying acks in parts is the
   * same as applying them at once, and every part is applied before its call returns, so all are
   * before phase 5 begins. (The only record that grows this way; hence instanceof.)
   */
  private Control handOver(int host, List<Ack> acks) {
    var ids = Wire.idsOf(acks);
    while (true) {
      AckParts.Split split = AckParts.split(ids, 0);
      for (AckPart part : split.ahead()) {
        remote(host, new PhaseCall.HandOver(Wire.acksOf(part.getAcksList())));
      }
      remote(host, new PhaseCall.HandOver(Wire.acksOf(split.last())));
      if (split.taken() == ids.size()) {
        return Done.DONE;
      }
      ids = ids.subList(split.taken(), ids.size());
    }
  }
}
