package org.vmqsc.runtime.hypervisor;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.vmqsc.core.protocol.HypervisorPort.Rollback;
import org.vmqsc.core.protocol.Hypervisor;
import org.vmqsc.core.protocol.VmView;
import org.vmqsc.runtime.proto.AckPart;
import org.vmqsc.runtime.proto.DependenciesRequest;
import org.vmqsc.runtime.proto.DependenciesResponse;
import org.vmqsc.runtime.proto.FailVmRequest;
import org.vmqsc.runtime.proto.FailVmResponse;
import org.vmqsc.runtime.proto.HypervisorServiceGrpc;
import org.vmqsc.runtime.proto.NoteRollbacksRequest;
import org.vmqsc.runtime.proto.PhaseDone;
import org.vmqsc.runtime.proto.ResumeRequest;
import org.vmqsc.runtime.proto.RetransmitRequest;
import org.vmqsc.runtime.proto.RollBackRequest;
import org.vmqsc.runtime.proto.StatusRequest;
import org.vmqsc.runtime.proto.StatusResponse;
import org.vmqsc.runtime.proto.VmStatus;
import org.vmqsc.runtime.transport.Wire;

/**
 * HypervisorService: the five host-recovery phases (R9, {@code HypervisorPort}) and the admin
 * calls. Each call becomes one task on the event loop, which answers when it has run; gRPC's
 * threads never block. Recovery and failure calls reach only the VM_QSC engine; a cluster that
 * runs a baseline answers them FAILED_PRECONDITION with one line ({@link NoRecovery}).
 */
final class HypervisorControl extends HypervisorServiceGrpc.HypervisorServiceImplBase {
  private final HypervisorNode node;

  HypervisorControl(HypervisorNode node) {
    this.node = node;
  }

  @Override
  public void dependenciesSince(DependenciesRequest req, StreamObserver<DependenciesResponse> out) {
    onLoop(out, () -> Wire.toProto(hv().dependenciesSince(req.getLine())));
  }

  @Override
  public void noteRollbacks(NoteRollbacksRequest req, StreamObserver<PhaseDone> out) {
    List<Rollback> rs = req.getRollbacksList().stream().map(Wire::fromProto).toList();
    onLoop(out, () -> {
      Hypervisor hv = hv();
      node.hold(); // D11: the recovery is atomic for this host from here on
      hv.noteRollbacks(rs);
      node.placementChanged(); // D14: a rollback may move a VM to another host
      return PhaseDone.getDefaultInstance();
    });
  }

  @Override
  public void rollBack(RollBackRequest req, StreamObserver<PhaseDone> out) {
    List<Rollback> rs = req.getVmsList().stream().map(Wire::fromProto).toList();
    onLoop(out, () -> {
      hv().rollBack(rs);
      return PhaseDone.getDefaultInstance();
    });
  }

  @Override
  public void resume(ResumeRequest req, StreamObserver<PhaseDone> out) {
    List<Integer> vms = List.copyOf(req.getVmsList());
    onLoop(out, () -> {
      hv().resume(vms);
      node.startTimers(); // VMs this host adopted (D14)
      if (node.restarted && !node.ready) {
        node.release(); // a restarted host gets no phase 5: its part ends here
      }
      return PhaseDone.getDefaultInstance();
    });
  }

  @Override
  public void retransmitTo(RetransmitRequest req, StreamObserver<PhaseDone> out) {
    Set<Integer> vms = new TreeSet<>(req.getRestoredVmsList());
    onLoop(out, () -> {
      hv().retransmitTo(vms);
      node.release();
      return PhaseDone.getDefaultInstance();
    });
  }

  /** Acks the manager held, handed over during a recovery before phase 5 (D4). */
  @Override
  public void handOver(AckPart req, StreamObserver<PhaseDone> out) {
    onLoop(out, () -> {
      hv().onAcks(Wire.acksOf(req.getAcksList()));
      return PhaseDone.getDefaultInstance();
    });
  }

  @Override
  public void status(StatusRequest req, StreamObserver<StatusResponse> out) {
    onLoop(out, () -> {
      StatusResponse.Builder b = StatusResponse.newBuilder().setHost(node.host)
          .setKnownLine(node.engine.knownLine()).setCosts(node.costs());
      for (int v : node.localVms()) {
        HostEngine.VmLook look = node.engine.look(v);
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
      Hypervisor hv = hv(); // before anything: a baseline cluster refuses (NoRecovery)
      if (!node.ready || !hv.isUp(vm)) {
        return FailVmResponse.newBuilder().setFailed(false).build();
      }
      hv.failVm(vm);
      node.scheduleRestore(vm);
      return FailVmResponse.newBuilder().setFailed(true).build();
    });
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

  /** The VM_QSC core, or NoRecovery when the cluster runs a baseline. */
  private Hypervisor hv() {
    return node.engine.recovery().hv;
  }

  private <T> void onLoop(StreamObserver<T> out, Supplier<T> body) {
    onLoop(node, out, body);
  }
}
