package org.vmqsc.runtime.manager;

import io.grpc.stub.StreamObserver;
import org.vmqsc.runtime.proto.ClusterStatusRequest;
import org.vmqsc.runtime.proto.ClusterStatusResponse;
import org.vmqsc.runtime.proto.EpochRequest;
import org.vmqsc.runtime.proto.EpochResponse;
import org.vmqsc.runtime.proto.RuntimeAdminGrpc;

/** The manager's part of RuntimeAdmin: the clock epoch and the cluster's status. */
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
}
