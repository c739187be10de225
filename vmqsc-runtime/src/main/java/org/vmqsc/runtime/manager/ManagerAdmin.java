package org.vmqsc.runtime.manager;

import io.grpc.stub.StreamObserver;
import org.vmqsc.runtime.proto.ClusterEvent;
import org.vmqsc.runtime.proto.ClusterStatusRequest;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.EpochRequest;
import org.vmqsc.runtime.proto.EpochResponse;
import org.vmqsc.runtime.proto.EventsRequest;
import org.vmqsc.runtime.proto.EventsResponse;
import org.vmqsc.runtime.proto.RuntimeAdminGrpc;

/** The manager's part of RuntimeAdmin: the clock epoch, the cluster's status, its events. */
final class ManagerAdmin extends RuntimeAdminGrpc.RuntimeAdminImplBase {
  private final ManagerNode node;

  ManagerAdmin(ManagerNode node) {
    this.node = node;
  }

  @Override
  public void epoch(EpochRequest req, StreamObserver<EpochResponse> out) {
    node.loop.execute(() -> {
      out.onNext(EpochResponse.newBuilder().setStartEpochMillis(node.epochMillis)
          .setBasePeriodMillis(node.spec.basePeriodMillis()).build());
      out.onCompleted();
    });
  }

  @Override
  public void clusterStatus(ClusterStatusRequest req, StreamObserver<ClusterStatusResponse> out) {
    node.loop.execute(() -> {
      out.onNext(node.status());
      out.onCompleted();
    });
  }

  @Override
  public void events(EventsRequest req, StreamObserver<EventsResponse> out) {
    node.loop.execute(() -> {
      EventsResponse.Builder b = EventsResponse.newBuilder();
      for (EventLog.Event e : node.events.after(req.getAfterSeq())) {
        b.addEvents(ClusterEvent.newBuilder().setSeq(e.seq()).setAtMillis(e.atMillis())
            .setKind(e.kind().name()).setHost(e.host()).setVm(e.vm()).setLine(e.line())
            .setText(e.text()));
      }
      out.onNext(b.build());
      out.onCompleted();
    });
  }

  /**
   * Waits on a thread of its own: not the loop, which must go on to make the line durable, and
   * not the server's, which is a transport thread here (blocked, it stopped the very calls and
   * heartbeats the wait depends on, and the manager declared a host failed).
   */
  @Override
  public void checkpointNow(org.vmqsc.runtime.proto.CheckpointNowRequest req,
      StreamObserver<org.vmqsc.runtime.proto.CheckpointNowResponse> out) {
    Thread t = new Thread(() -> {
      try {
        out.onNext(CheckpointNow.run(node, req.getTimeoutMillis()));
        out.onCompleted();
      } catch (io.grpc.StatusRuntimeException e) {
        out.onError(e);
      }
    }, "vmqsc-checkpoint-now");
    t.setDaemon(true);
    t.start();
  }
}
