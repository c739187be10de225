package org.vmqsc.runtime.hypervisor;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.vmqsc.core.protocol.VmView;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.VmLook;
import org.vmqsc.runtime.proto.ControlMessage;
import org.vmqsc.runtime.proto.EndRecoveryRequest;
import org.vmqsc.runtime.proto.EndRecoveryResponse;
import org.vmqsc.runtime.proto.FailVmRequest;
import org.vmqsc.runtime.proto.FailVmResponse;
import org.vmqsc.runtime.proto.TickNowRequest;
import org.vmqsc.runtime.proto.TickNowResponse;
import org.vmqsc.runtime.proto.HypervisorServiceGrpc;
import org.vmqsc.runtime.proto.StatusRequest;
import org.vmqsc.runtime.proto.StatusResponse;
import org.vmqsc.runtime.proto.VmStatus;
import org.vmqsc.runtime.transport.ControlWire;

/**
 * HypervisorService: the manager role's recovery phases, one generic {@code Call} each (a control
 * record in, the host role's reply out), and the admin calls. Each call becomes one task on the
 * event loop, which answers when it has run; gRPC's threads never block. A cluster whose protocol
 * does not recover answers recovery and failure calls FAILED_PRECONDITION with one line
 * ({@link NoRecovery}).
 */
final class HypervisorControl extends HypervisorServiceGrpc.HypervisorServiceImplBase {
  private final HypervisorNode node;

  HypervisorControl(HypervisorNode node) {
    this.node = node;
  }

  @Override
  public void call(ControlMessage req, StreamObserver<ControlMessage> out) {
    Control request;
    try {
      request = ControlWire.fromProto(req);
    } catch (IllegalArgumentException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    onLoop(out, () -> ControlWire.toProto(serve(request)));
  }

  /**
   * One recovery phase, on the loop. From the first, this host holds its traffic until the
   * manager ends the recovery ({@link #endRecovery}): in the simulator a recovery is one event,
   * here it is atomic for this host (D11). After each, VMs may have moved here (D14).
   */
  private Control serve(Control request) {
    requireRecovery();
    node.hold();
    Control reply = node.role.onCall(request);
    node.placementChanged();
    node.startTimers(); // VMs this host adopted
    return reply;
  }

  @Override
  public void endRecovery(EndRecoveryRequest req, StreamObserver<EndRecoveryResponse> out) {
    onLoop(out, () -> {
      node.endRecovery(req.getCompleted());
      return EndRecoveryResponse.getDefaultInstance();
    });
  }

  @Override
  public void status(StatusRequest req, StreamObserver<StatusResponse> out) {
    onLoop(out, () -> {
      StatusResponse.Builder b = StatusResponse.newBuilder().setHost(node.host)
          .setKnownLine(node.role.knownLine()).setCosts(node.costs());
      String storageProblem = node.storage().writeProblem(node.host);
      if (storageProblem != null) {
        b.setStorageProblem(storageProblem);
      }
      for (int v : node.localVms()) {
        VmLook look = node.role.look(v);
        VmStatus.Builder s = VmStatus.newBuilder().setVm(v);
        if (look != null) {
          s.setUp(look.up()).setIndex(look.index()).setIncarnation(look.incarnation())
              .setUsable(look.usable()).setStableLogs(node.storedLogs(v));
          VmView view = node.vmqscView(v);
          if (view != null) {
            s.setLastCheckpoint(view.lastCheckpoint())
                .setLastCheckpointDurable(view.lastCheckpointDurable())
                .setVolatileLog(view.volatileLogSize());
          }
        }
        b.addVms(s);
      }
      return b.build();
    });
  }

  @Override
  public void failVm(FailVmRequest req, StreamObserver<FailVmResponse> out) {
    int vm = req.getVm();
    if (vm < 0 || vm >= node.topo.vms() || node.hostOf(vm) != node.host) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("vm " + vm + " does not run on host "
          + node.host).asRuntimeException());
      return;
    }
    onLoop(out, () -> {
      requireRecovery(); // before anything: a cluster that cannot recover refuses
      if (!node.ready || !node.role.isUp(vm)) {
        return FailVmResponse.newBuilder().setFailed(false).build();
      }
      node.journal.failing(vm, node.role.guest(vm));
      node.role.failVm(vm);
      if (node.session != null) {
        node.session.vmEvent(org.vmqsc.runtime.proto.VmEvent.Kind.VM_FAILED, vm);
      }
      node.scheduleRestore(vm);
      return FailVmResponse.newBuilder().setFailed(true).build();
    });
  }

  /**
   * {@code vmqsc checkpoint now}: advances every VM to the index the manager chose, as a tick
   * would (R1); VMs elsewhere that hear from them first advance by R3. Only VM_QSC's manager
   * asks (its lines are index lines, R4); an index further than the next tick of this host's
   * own clock (and one more for skew) is refused, so no request runs the cluster ahead of time.
   */
  @Override
  public void tickNow(TickNowRequest req, StreamObserver<TickNowResponse> out) {
    if (!org.vmqsc.core.protocol.VmqscRoles.NAME.equals(node.protocol.name())) {
      out.onError(Status.FAILED_PRECONDITION.withDescription("only vmqsc takes a tick on "
          + "request; this cluster runs " + node.protocol.name()).asRuntimeException());
      return;
    }
    // The next tick, plus one for the skew between this host's clock and the manager's (R2).
    int bound = node.indexAt(node.clock.millis()) + 2;
    if (req.getIndex() > bound) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("index " + req.getIndex()
          + " is too far past this host's clock (at most " + bound + ")").asRuntimeException());
      return;
    }
    onLoop(out, () -> {
      node.tickNow(req.getIndex());
      return TickNowResponse.getDefaultInstance();
    });
  }

  private void requireRecovery() {
    if (!node.protocol.recovers()) {
      throw NoRecovery.of(node.protocol.name());
    }
  }

  /** Runs {@code body} on the event loop and answers with its result or its failure. */
  static <T> void onLoop(HypervisorNode node, StreamObserver<T> out, Supplier<T> body) {
    try {
      node.loop.execute(() -> {
        T result;
        try {
          result = body.get();
        } catch (NoRecovery e) {
          out.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage())
              .asRuntimeException());
          return;
        } catch (RuntimeException e) {
          out.onError(Status.INTERNAL.withDescription(e.toString()).withCause(e)
              .asRuntimeException());
          return;
        }
        out.onNext(result);
        out.onCompleted();
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      out.onError(Status.UNAVAILABLE.withDescription("hypervisor is stopping")
          .asRuntimeException());
    }
  }

  private <T> void onLoop(StreamObserver<T> out, Supplier<T> body) {
    onLoop(node, out, body);
  }
}
