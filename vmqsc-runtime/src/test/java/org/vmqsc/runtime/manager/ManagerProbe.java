package org.vmqsc.runtime.manager;

import java.util.concurrent.TimeUnit;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.protocol.Manager;
import org.vmqsc.core.protocol.PhaseCall;
import org.vmqsc.core.protocol.VmqscManager;
import org.vmqsc.core.role.Report;

/** Test access to a running manager's core, on its event loop. */
public final class ManagerProbe {
  private ManagerProbe() {}

  /** From now on the core's announcements go to {@code hvs} instead of the hosts' sessions. */
  public static void announceTo(ManagerNode node, Manager.Hypervisors hvs) throws Exception {
    onLoop(node, () -> ((VmqscManager) node.role).lines().connect(hvs));
  }

  /** Hands a report straight to the core, as if it had come whole over a session. */
  public static void report(ManagerNode node, Report r) throws Exception {
    onLoop(node, () -> node.role.onControl(r.host(), r));
  }

  /**
   * The manager loses host {@code host}'s session while the host lives on (a network glitch):
   * the stream ends on the manager's side and the manager declares the host failed.
   */
  public static void breakSession(ManagerNode node, int host) throws Exception {
    onLoop(node, () -> {
      var down = node.hosts[host].down;
      down.onError(io.grpc.Status.UNAVAILABLE.withDescription("glitch").asRuntimeException());
      node.onSessionBroken(host, down);
    });
  }

  /**
   * Hands {@code acks} over to host {@code host} as a recovery does before phase 5 (D4): through
   * the phases' channel, returning once the hypervisor has applied them.
   */
  public static void handOver(ManagerNode node, int host, java.util.List<Ack> acks)
      throws Exception {
    io.grpc.ManagedChannel ch = org.vmqsc.runtime.transport.Endpoints.channel(
        node.spec.controlAddress(host), org.vmqsc.runtime.auth.ClusterSecret.load(
            node.spec.secretFile()), org.vmqsc.runtime.cluster.ClusterTls.identity(node.spec,
            org.vmqsc.runtime.cluster.ClusterTls.ADMIN),
        org.vmqsc.runtime.transport.Endpoints.DEFAULT_MAX_FRAME_BYTES);
    try {
      new RemoteHostCalls(h -> true, h -> ch).call(host, new PhaseCall.HandOver(acks));
    } finally {
      ch.shutdownNow();
    }
  }

  /** Host {@code host} joins as a fresh process would, on the manager's loop. */
  public static void join(ManagerNode node, int host) throws Exception {
    node.loop.submit(() -> node.onJoin(org.vmqsc.runtime.proto.JoinRequest.newBuilder()
        .setHost(host).setRelayAddress("127.0.0.1:1").build())).get(10, TimeUnit.SECONDS);
  }

  /** Whether the manager counts {@code host} alive. */
  public static boolean alive(ManagerNode node, int host) throws Exception {
    return node.loop.submit(() -> node.hosts[host].alive).get(10, TimeUnit.SECONDS);
  }

  /** When the manager last heard from {@code host}, on its clock. */
  public static long lastHeard(ManagerNode node, int host) throws Exception {
    return node.loop.submit(() -> node.hosts[host].lastHeard).get(10, TimeUnit.SECONDS);
  }

  /** A host's session as the manager holds it, with the host's join count at the time. */
  public record Session(io.grpc.stub.StreamObserver<org.vmqsc.runtime.proto.SessionDown> stream,
      int join) {}

  public static Session session(ManagerNode node, int host) throws Exception {
    return node.loop.submit(() -> new Session(node.hosts[host].down, node.hosts[host].joins))
        .get(10, TimeUnit.SECONDS);
  }

  /** A frame arrives on {@code stream} from the process of join number {@code join}. */
  public static void frameOn(ManagerNode node, int host,
      io.grpc.stub.StreamObserver<org.vmqsc.runtime.proto.SessionDown> stream, int join)
      throws Exception {
    onLoop(node, () -> node.onSessionUp(host, org.vmqsc.runtime.proto.SessionUp.newBuilder()
        .setHost(host).setJoin(join).build(), stream));
  }

  private static void onLoop(ManagerNode node, Runnable r) throws Exception {
    node.loop.submit(r).get(10, TimeUnit.SECONDS);
  }
}
