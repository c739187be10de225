package org.vmqsc.runtime.manager;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.RejectedExecutionException;
import org.vmqsc.runtime.proto.JoinRequest;
import org.vmqsc.runtime.proto.JoinResponse;
import org.vmqsc.runtime.proto.ManagerServiceGrpc;
import org.vmqsc.runtime.proto.SessionDown;
import org.vmqsc.runtime.proto.SessionUp;
import org.vmqsc.runtime.transport.AckParts;
import org.vmqsc.runtime.transport.AckReassembly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ManagerService: Join and the per-host Session; every call is handed to the manager's loop, a
 * report only once it is whole (the acks sent ahead of it in parts, {@link AckReassembly}).
 */
final class ManagerService extends ManagerServiceGrpc.ManagerServiceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(ManagerService.class);
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
      JoinResponse joined;
      try {
        joined = node.onJoin(req);
      } catch (ManagerNode.StateNotSaved e) {
        // The join is not on disk: refuse it, and the host asks again (it does not wait out a
        // deadline and die).
        out.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
        throw e;
      }
      out.onNext(joined);
      out.onCompleted();
    });
  }

  @Override
  public StreamObserver<SessionUp> session(StreamObserver<SessionDown> down) {
    return new StreamObserver<>() {
      private int host = -1; // set on the loop by the first message
      private final AckReassembly ahead = new AckReassembly(AckParts.MAX_WHOLE_BYTES);

      @Override
      public void onNext(SessionUp frame) {
        if (ahead.refused()) {
          return;
        }
        if (frame.hasAckPart()) {
          if (!ahead.add(frame.getAckPart())) {
            LOG.warn("a host session sent more than {} bytes of acks ahead of a "
                + "report; closing it", AckParts.MAX_WHOLE_BYTES);
            down.onError(Status.RESOURCE_EXHAUSTED.withDescription("acks ahead of a report past "
                + AckParts.MAX_WHOLE_BYTES + " bytes").asRuntimeException());
            onError(null);
          }
          return;
        }
        SessionUp up = frame.hasControl() ? frame.toBuilder()
            .setControl(ahead.complete(frame.getControl())).build() : frame;
        int h = up.hasHeartbeat() ? up.getHeartbeat().getHost() : up.getHost();
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
