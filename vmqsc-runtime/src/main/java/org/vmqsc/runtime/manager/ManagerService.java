package org.vmqsc.runtime.manager;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.RejectedExecutionException;
import org.vmqsc.runtime.proto.JoinRequest;
import org.vmqsc.runtime.proto.JoinResponse;
import org.vmqsc.runtime.proto.ManagerServiceGrpc;
import org.vmqsc.runtime.proto.SessionDown;
import org.vmqsc.runtime.proto.SessionUp;

/** ManagerService: Join and the per-host Session; every call is handed to the manager's loop. */
final class ManagerService extends ManagerServiceGrpc.ManagerServiceImplBase {
  private final ManagerNode node;

  ManagerService(ManagerNode node) {
    this.node = node;
  }

  @Override
  public void join(JoinRequest req, StreamObserver<JoinResponse> out) {
    if (req.getHost() < 0 || req.getHost() >= node.topo.hosts()) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("no host " + req.getHost())
          .asRuntimeException());
      return;
    }
    execute(out, () -> {
      out.onNext(node.onJoin(req));
      out.onCompleted();
    });
  }

  @Override
  public StreamObserver<SessionUp> session(StreamObserver<SessionDown> down) {
    return new StreamObserver<>() {
      private int host = -1; // set on the loop by the first message

      @Override
      public void onNext(SessionUp up) {
        int h = up.hasReport() ? up.getReport().getHost() : up.getHeartbeat().getHost();
        if (h < 0 || h >= node.topo.hosts()) {
          down.onError(Status.INVALID_ARGUMENT.withDescription("no host " + h)
              .asRuntimeException());
          return;
        }
        execute(down, () -> {
          host = h;
          node.onSessionUp(h, up, down);
        });
      }

      @Override
      public void onError(Throwable t) {
        execute(down, () -> {
          if (host >= 0) {
            node.onSessionBroken(host, down);
          }
        });
      }

      @Override
      public void onCompleted() {
        onError(null);
      }
    };
  }

  private void execute(StreamObserver<?> out, Runnable r) {
    try {
      node.loop.execute(() -> node.guarded(r));
    } catch (RejectedExecutionException e) {
      out.onError(Status.UNAVAILABLE.withDescription("manager is stopping").asRuntimeException());
    }
  }
}
