package org.vmqsc.runtime.manager;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.vmqsc.core.protocol.VmqscManager;
import org.vmqsc.runtime.proto.CheckpointNowResponse;
import org.vmqsc.runtime.proto.HypervisorServiceGrpc;
import org.vmqsc.runtime.proto.TickNowRequest;

/**
 * {@code vmqsc checkpoint now} (VM_QSC): a consistent line taken on request and answered once it
 * is durable, like a savepoint. The protocol's own rules make it: the manager picks X, the next
 * index of its clock, and asks every host for its tick of X now instead of at X·T0. Each VM
 * due at X checkpoints and each other closes its interval by R6 (R1, D1), exactly as at the tick;
 * a message any of them sends at X makes a receiver not yet there advance first (R3), as under
 * clock skew. Line X is then taken (R4) and becomes durable once the lazy writes are in (R10,
 * D2); the answer is X. Nothing else changes: the hosts' own ticks of X find their VMs there
 * already, and the periods go on from X·T0.
 *
 * <p>Refused in one line when the cluster runs another protocol (their lines are not index lines;
 * coordinated checkpointing takes one every round), while a recovery is in progress, or while a
 * host that runs VMs is down (no line can become durable before it is recovered).
 */
final class CheckpointNow {
  static final long DEFAULT_TIMEOUT_MILLIS = 60_000;
  static final long POLL_MILLIS = 50;

  private CheckpointNow() {}

  /** Runs on a gRPC thread (it waits); everything it reads of the manager, on the loop. */
  static CheckpointNowResponse run(ManagerNode node, long timeoutMillis) {
    long wait = timeoutMillis > 0 ? timeoutMillis : DEFAULT_TIMEOUT_MILLIS;
    long t0 = node.clock.millis();
    Map<Integer, ManagedChannel> hosts = new LinkedHashMap<>();
    int x = onLoop(node, () -> plan(node, hosts));
    for (Map.Entry<Integer, ManagedChannel> h : hosts.entrySet()) {
      try {
        HypervisorServiceGrpc.newBlockingStub(h.getValue()).withDeadlineAfter(5, TimeUnit.SECONDS)
            .tickNow(TickNowRequest.newBuilder().setIndex(x).build());
      } catch (StatusRuntimeException e) {
        throw Status.UNAVAILABLE.withDescription("checkpoint now: host " + h.getKey()
            + " did not take the tick of line " + x + " (" + e.getStatus().getCode() + ": "
            + e.getStatus().getDescription() + "); line " + x + " comes at its own tick")
            .asRuntimeException();
      }
    }
    while (onLoop(node, () -> node.role.durableLine()) < x) {
      if (node.clock.millis() - t0 > wait) {
        throw Status.DEADLINE_EXCEEDED.withDescription("checkpoint now: line " + x
            + " is not durable after " + wait + " ms (see vmqsc status)").asRuntimeException();
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw Status.CANCELLED.asRuntimeException();
      }
    }
    long waited = node.clock.millis() - t0;
    onLoop(node, () -> {
      node.event(EventLog.Kind.CHECKPOINT_DURABLE, -1, -1, x, "line " + x
          + " durable on request after " + waited + " ms");
      return null;
    });
    return CheckpointNowResponse.newBuilder().setLine(x).setWaitedMillis(waited).build();
  }

  /** On the loop: refuses what cannot work, picks X, and the hosts to ask. */
  private static int plan(ManagerNode node, Map<Integer, ManagedChannel> hosts) {
    if (!(node.role instanceof VmqscManager v)) {
      throw Status.FAILED_PRECONDITION.withDescription("checkpoint now: only vmqsc takes a "
          + "line on request; this cluster runs " + node.spec.protocol()).asRuntimeException();
    }
    if (v.recovery().pending() != null) {
      throw Status.FAILED_PRECONDITION.withDescription("checkpoint now: a recovery is in "
          + "progress; try again once it is over").asRuntimeException();
    }
    for (int h = 0; h < node.hosts.length; h++) {
      HostEntry e = node.hosts[h];
      boolean runsVms = false;
      for (int vm = 0; vm < node.topo.vms(); vm++) {
        runsVms |= node.role.hostOf(vm) == h;
      }
      if (runsVms && (!e.alive || e.awaitingRecovery)) {
        throw Status.FAILED_PRECONDITION.withDescription("checkpoint now: host " + h
            + " is down; no line becomes durable before it is recovered").asRuntimeException();
      }
      if (runsVms) {
        hosts.put(h, node.channel(h));
      }
    }
    int x = Math.max(node.indexAt(node.clock.millis()) + 1, node.role.takenLine() + 1);
    node.event(EventLog.Kind.CHECKPOINT_REQUESTED, -1, -1, x, "checkpoint now: line " + x
        + " asked of hosts " + hosts.keySet());
    return x;
  }

  private static <T> T onLoop(ManagerNode node, Callable<T> task) {
    try {
      return node.loop.submit(task).get(); // reads only: no host is called from the loop
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw s;
      }
      throw Status.INTERNAL.withDescription(String.valueOf(e.getCause())).asRuntimeException();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Status.CANCELLED.asRuntimeException();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw Status.UNAVAILABLE.withDescription("manager is stopping").asRuntimeException();
    }
  }
}
