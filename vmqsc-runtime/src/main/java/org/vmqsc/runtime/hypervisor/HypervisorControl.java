package org.vmqsc.runtime.hypervisor;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.vmqsc.core.protocol.PhaseCall;
import org.vmqsc.core.protocol.VmView;
import org.vmqsc.core.role.Control;
import org.vmqsc.core.role.VmLook;
import org.vmqsc.runtime.proto.ControlMessage;
import org.vmqsc.runtime.proto.FailVmRequest;
import org.vmqsc.runtime.proto.FailVmResponse;
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
   * One recovery phase, on the loop. VM_QSC's phases also mark where this host's part of a
   * recovery begins and ends (D11: traffic held from phase 2 to its last phase) and when VMs move
   * (D14): the one place on the host side that reads VM_QSC's records, because these are the
   * node's mechanism (what it holds, where it sends), not the role's.
   */
  private Control serve(Control request) {
    requireRecovery();
    if (request instanceof PhaseCall.NoteRollbacks) {
      node.hold(); // D11: the recovery is atomic for this host from here on
    }
    Control reply = node.role.onCall(request);
    if (request instanceof PhaseCall.NoteRollbacks) {
      node.placementChanged(); // D14: a rollback may move a VM to another host
    } else if (request instanceof PhaseCall.Resume) {
      node.startTimers(); // VMs this host adopted (D14)
      if (node.restarted && !node.ready) {
        node.release(); // a restarted host gets no phase 5: its part ends here
      }
    } else if (request instanceof PhaseCall.RetransmitTo) {
      node.release();
    }
    return reply;
  }

  @Override
  public void status(StatusRequest req, StreamObserver<StatusResponse> out) {
    onLoop(out, () -> {
      StatusResponse.Builder b = StatusResponse.newBuilder().setHost(node.host)
          .setKnownLine(node.role.knownLine()).setCosts(node.costs());
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
      node.role.failVm(vm);
      node.scheduleRestore(vm);
      return FailVmResponse.newBuilder().setFailed(true).build();
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
