package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmqsc.runtime.proto.RelayBatch;
import org.vmqsc.runtime.proto.RelayFrame;
import org.vmqsc.runtime.proto.VmMessage;

/**
 * Host 1's server refuses bad streams and keeps serving good ones. Host 0 sends through
 * PeerLinks; a hand-driven client claims to be host 2 (VMs 8..11). Host 1 runs VMs 4..7.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerRelayServerTest {
  private static final Duration LIMIT = Duration.ofSeconds(20);

  @Test
  void aMessageForAVmNotHostedHereClosesThatStreamOnly() throws Exception {
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).batch(1, RawRelayClient.vm(8, 2, 1)),
        Status.Code.INVALID_ARGUMENT);
  }

  /**
   * A server whose delivery has stopped (its node is closing) while its port still answers ends
   * every stream UNAVAILABLE instead of failing inside gRPC, so that a sender opens a new
   * connection, which reaches the server that replaces it (a restarted host on the same port).
   */
  @Test
  void aServerThatIsStoppingEndsStreamsSoThatSendersReconnect() throws Exception {
    java.util.concurrent.ExecutorService delivery =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try (Hosts hosts = new Hosts(2, 0, 16, m -> {})) {
      PeerRelayServer server = PeerRelayServer.builder(RelayRules.forHost(hosts.topo, 1),
          Hosts.SECRET, m -> {}).delivery(delivery).start();
      try (RawRelayClient raw = new RawRelayClient(server.port(), Hosts.SECRET)) {
        delivery.shutdownNow();
        raw.hello(0, 1);
        assertThat(raw.awaitEnd().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
      } finally {
        server.close();
      }
    }
  }

  /** Packed batches (PackedMessages) are checked as unpacked ones are, and cut ones refused. */
  @Test
  void aPackedBatchThatIsCutShortOrBreaksTheRulesClosesThatStreamOnly() throws Exception {
    byte[] good = packed(new org.vmqsc.core.model.Message(8, 4, 1, 0, 0, 1, 1));
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).packed(1,
        java.util.Arrays.copyOf(good, good.length - 1)), Status.Code.INVALID_ARGUMENT);
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).packed(1,
        packed(new org.vmqsc.core.model.Message(0, 4, 1, 0, 0, 1, 1))), // posing as host 0's
        Status.Code.INVALID_ARGUMENT);
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).packed(1,
        packed(new org.vmqsc.core.model.Message(8, 2, 1, 0, 0, 1, 1))), // vm 2 is not here
        Status.Code.INVALID_ARGUMENT);
  }

  private static byte[] packed(org.vmqsc.core.model.Message m) {
    return PackedMessages.write(new org.vmqsc.core.model.Message[] {m}, 1,
        new byte[PackedMessages.MAX_BYTES_PER_MESSAGE]).toByteArray();
  }

  @Test
  void aMessageForAnUnknownVmIsRefused() throws Exception {
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).batch(1, RawRelayClient.vm(8, 99, 1)),
        Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void aSenderPosingAsAnotherHostsVmIsRefused() throws Exception {
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).batch(1, RawRelayClient.vm(0, 4, 1)),
        Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void negativeSeqIndexOrIncarnationIsRefused() throws Exception {
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).batch(1, RawRelayClient.vm(8, 4, -1)),
        Status.Code.INVALID_ARGUMENT);
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).batch(1,
        RawRelayClient.vm(8, 4, 1).toBuilder().setSenderIndex(-3).build()),
        Status.Code.INVALID_ARGUMENT);
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).batch(1,
        RawRelayClient.vm(8, 4, 1).toBuilder().setSenderIncarnation(-1).build()),
        Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void messagesBeforeHelloOrAStreamForAnotherHostAreRefused() throws Exception {
    refusedWhileOthersFlow(raw -> raw.batch(1, RawRelayClient.vm(8, 4, 1)),
        Status.Code.INVALID_ARGUMENT);
    refusedWhileOthersFlow(raw -> raw.hello(2, 0), Status.Code.INVALID_ARGUMENT);
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).hello(2, 1), Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void anOversizedFrameClosesThatStreamOnly() throws Exception {
    VmMessage[] big = new VmMessage[5_000]; // ~100 KB > 64 KiB
    for (int i = 0; i < big.length; i++) {
      big[i] = RawRelayClient.vm(8, 4, i + 1).toBuilder().setPayload(Long.MIN_VALUE).build();
    }
    assertThat(RelayFrame.newBuilder().setBatch(RelayBatch.newBuilder().addAllMessages(
        java.util.List.of(big))).build().getSerializedSize()).isGreaterThan(Endpoints.DEFAULT_MAX_FRAME_BYTES);
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).batch(1, big), Status.Code.RESOURCE_EXHAUSTED);
  }

  @Test
  void framesBeforeTheBadOneAreDeliveredAndAcknowledged() throws Exception {
    try (Hosts hosts = new Hosts(3, 2, 64, m -> {});
        RawRelayClient raw = new RawRelayClient(hosts.servers[1].port(), Hosts.SECRET)) {
      raw.hello(2, 1).batch(1, RawRelayClient.vm(8, 4, 1), RawRelayClient.vm(9, 5, 1));
      Hosts.await(() -> raw.lastAck == 2, LIMIT, "the good frame's acknowledgement");
      raw.batch(3, RawRelayClient.vm(8, 99, 2));
      assertThat(raw.awaitEnd().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(hosts.received(1)).extracting(m -> m.from).containsExactly(8, 9);
    }
  }

  @Test
  void aSkipInTheLinkSequenceIsRefused() throws Exception {
    refusedWhileOthersFlow(raw -> raw.hello(2, 1).batch(5, RawRelayClient.vm(8, 4, 1))
        .batch(9, RawRelayClient.vm(8, 4, 2)), Status.Code.INVALID_ARGUMENT, 1);
  }

  /**
   * While host 0 streams to host 1, {@code bad} is sent on a second stream: that stream ends
   * with {@code code}, nothing of it is delivered after the bad frame, and host 0's messages all
   * arrive in order.
   */
  private static void refusedWhileOthersFlow(Consumer<RawRelayClient> bad, Status.Code code)
      throws Exception {
    refusedWhileOthersFlow(bad, code, 0);
  }

  private static void refusedWhileOthersFlow(Consumer<RawRelayClient> bad, Status.Code code,
      int deliveredBeforeBadFrame) throws Exception {
    int n = 20_000;
    try (Hosts hosts = new Hosts(3, 2, 256, m -> {});
        RawRelayClient raw = new RawRelayClient(hosts.servers[1].port(), Hosts.SECRET)) {
      Thread good = new Thread(() -> {
        try {
          for (int i = 1; i <= n; i++) {
            hosts.sendObeying(0, 1, Hosts.msg(0, 4, i));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      good.start();
      bad.accept(raw);
      assertThat(raw.awaitEnd().getCode()).isEqualTo(code);
      good.join(LIMIT.toMillis());
      Hosts.await(() -> hosts.receivedCount(1) >= n + deliveredBeforeBadFrame, LIMIT, "host 0's messages");

      var got = hosts.received(1);
      assertThat(got).filteredOn(m -> m.from != 0).hasSize(deliveredBeforeBadFrame);
      assertThat(got).filteredOn(m -> m.from == 0).extracting(m -> m.seq)
          .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, n).boxed()
              .toList());
      if (code == Status.Code.INVALID_ARGUMENT) {
        assertThat(hosts.servers[1].refusedStreams()).isEqualTo(1);
      }
    }
  }
}
