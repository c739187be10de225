package org.vmqsc.runtime.transport;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.vmqsc.runtime.auth.ClusterSecret;
import org.vmqsc.runtime.auth.SecretClientInterceptor;
import org.vmqsc.runtime.proto.LinkHello;
import org.vmqsc.runtime.proto.PeerRelayGrpc;
import org.vmqsc.runtime.proto.RelayAck;
import org.vmqsc.runtime.proto.RelayBatch;
import org.vmqsc.runtime.proto.RelayFrame;
import org.vmqsc.runtime.proto.VmMessage;

/** A hand-driven Relay stream, for frames PeerLinks would never send. */
final class RawRelayClient implements AutoCloseable {
  final ManagedChannel channel;
  final CompletableFuture<Status> ended = new CompletableFuture<>();
  volatile long lastAck = -1;
  final StreamObserver<RelayFrame> frames;

  /** {@code secret} null: a client that sends none. */
  RawRelayClient(int port, ClusterSecret secret) {
    var b = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .maxInboundMessageSize(1 << 20);
    if (secret != null) {
      b.intercept(new SecretClientInterceptor(secret));
    }
    channel = b.build();
    frames = PeerRelayGrpc.newStub(channel).relay(new StreamObserver<>() {
      @Override
      public void onNext(RelayAck a) {
        lastAck = a.getDeliveredThrough();
      }

      @Override
      public void onError(Throwable t) {
        ended.complete(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        ended.complete(Status.OK);
      }
    });
  }

  RawRelayClient hello(int sender, int receiver) {
    frames.onNext(RelayFrame.newBuilder().setHello(LinkHello.newBuilder().setSenderHost(sender)
        .setReceiverHost(receiver).setEpoch(42)).build());
    return this;
  }

  RawRelayClient batch(long firstLinkSeq, VmMessage... ms) {
    var b = RelayBatch.newBuilder().setFirstLinkSeq(firstLinkSeq);
    for (VmMessage m : ms) {
      b.addMessages(m);
    }
    frames.onNext(RelayFrame.newBuilder().setBatch(b).build());
    return this;
  }

  /** A batch whose {@code packed} field is these bytes, as a sender could write them. */
  RawRelayClient packed(long firstLinkSeq, byte[] bytes) {
    frames.onNext(RelayFrame.newBuilder().setBatch(RelayBatch.newBuilder()
        .setFirstLinkSeq(firstLinkSeq).setPacked(com.google.protobuf.ByteString.copyFrom(bytes)))
        .build());
    return this;
  }

  static VmMessage vm(int from, int to, int seq) {
    return VmMessage.newBuilder().setFrom(from).setTo(to).setSeq(seq).setPayload(seq).build();
  }

  Status awaitEnd() throws Exception {
    return ended.get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }
}
