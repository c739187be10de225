package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmqsc.core.model.Message;

/** Two or three hosts on 127.0.0.1 exchanging VM messages through PeerLinks and PeerRelayServer. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerLinksTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @Test
  void hundredThousandMessagesEachWayArriveInOrderOnce() throws Exception {
    int n = 100_000;
    try (Hosts hosts = new Hosts(2, PeerLinks.DEFAULT_CAPACITY, m -> {})) {
      Thread back = new Thread(() -> sendRange(hosts, 1, 0, 4, 0, n));
      back.start();
      sendRange(hosts, 0, 1, 0, 4, n);
      back.join(LIMIT.toMillis());
      Hosts.await(() -> hosts.receivedCount(1) >= n && hosts.receivedCount(0) >= n, LIMIT,
          "all messages");

      assertInOrderOnce(hosts.received(1), n);
      assertInOrderOnce(hosts.received(0), n);
      assertThat(hosts.links[0].maxOutstanding(1)).isLessThanOrEqualTo(PeerLinks.DEFAULT_CAPACITY);
      Hosts.await(() -> hosts.links[0].outstanding(1) == 0, LIMIT, "every message acknowledged");
    }
  }

  @Test
  void slowConsumerPausesTheSenderAndTheQueueStaysWithinItsBound() throws Exception {
    int capacity = 64;
    int n = 2_000;
    AtomicInteger taken = new AtomicInteger();
    try (Hosts hosts = new Hosts(2, capacity, m -> {
      if (taken.incrementAndGet() % 10 == 0) {
        LockSupport.parkNanos(1_000_000); // a slow hypervisor: 1 ms every 10 messages
      }
    })) {
      PeerLinks links = hosts.links[0];
      int paused = 0;
      for (int i = 1; i <= n; i++) {
        if (!links.writable(1)) {
          paused++;
        }
        hosts.sendObeying(0, 1, Hosts.msg(0, 4, i));
        assertThat(links.outstanding(1)).isLessThanOrEqualTo(capacity);
      }
      Hosts.await(() -> hosts.receivedCount(1) >= n, LIMIT, "all messages");

      assertThat(paused).as("times the sender found the link full").isGreaterThan(0);
      assertThat(links.maxOutstanding(1)).isEqualTo(capacity);
      assertInOrderOnce(hosts.received(1), n);
      Hosts.await(() -> links.writable(1) && links.outstanding(1) == 0, LIMIT, "drained");
    }
  }

  @Test
  void belowTheCapacityASlowReceiverStopsTheStreamBeingReady() throws Exception {
    int n = 200_000;
    AtomicInteger taken = new AtomicInteger();
    try (Hosts hosts = new Hosts(2, 1_000_000, m -> {
      if (taken.incrementAndGet() % 500 == 0) {
        LockSupport.parkNanos(1_000_000);
      }
    })) {
      PeerLinks links = hosts.links[0];
      for (int i = 1; i <= n; i++) {
        links.send(1, Hosts.msg(0, 4, i));
      }
      Hosts.await(() -> hosts.receivedCount(1) >= n, LIMIT, "all messages");
      // The receiver requested frames only as it consumed them, the HTTP/2 window filled, and
      // the writer left messages queued here instead of in gRPC's buffers.
      assertThat(links.stalls(1)).isGreaterThan(0);
      assertInOrderOnce(hosts.received(1), n);
    }
  }

  @Test
  void aCallerThatIgnoresWritableLosesNothing() throws Exception {
    int capacity = 16;
    int n = 5_000;
    try (Hosts hosts = new Hosts(2, capacity, m -> {})) {
      for (int i = 1; i <= n; i++) {
        hosts.links[0].send(1, Hosts.msg(0, 4, i)); // e.g. a recovery's retransmission burst
      }
      assertThat(hosts.links[0].writable(1)).isFalse();
      Hosts.await(() -> hosts.receivedCount(1) >= n, LIMIT, "all messages");
      assertInOrderOnce(hosts.received(1), n);
      Hosts.await(() -> hosts.links[0].writable(1), LIMIT, "writable again");
    }
  }

  @Test
  void aBrokenStreamResumesWithEachMessageOnceInOrder() throws Exception {
    int n = 30_000;
    try (Hosts hosts = new Hosts(2, 512, m -> {})) {
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread breaker = new Thread(() -> {
        while (sending.get()) {
          LockSupport.parkNanos(5_000_000);
          hosts.servers[1].breakStreams(); // a network fault, both processes live on
        }
      });
      breaker.start();
      for (int i = 1; i <= n; i++) {
        hosts.sendObeying(0, 1, Hosts.msg(0, 4, i));
      }
      sending.set(false);
      breaker.join();
      Hosts.await(() -> hosts.receivedCount(1) >= n, LIMIT, "all messages");
      assertInOrderOnce(hosts.received(1), n);
    }
  }

  @Test
  void reconnectsToARestartedPeerAndLosesNothing() throws Exception {
    try (Hosts hosts = new Hosts(2, PeerLinks.DEFAULT_CAPACITY, m -> {})) {
      sendRange(hosts, 0, 1, 0, 4, 1, 1000);
      Hosts.await(() -> hosts.links[0].outstanding(1) == 0, LIMIT, "first part acknowledged");

      int port = hosts.stopServer(1);
      sendRange(hosts, 0, 1, 0, 4, 1001, 2000); // queued while the peer is down
      LockSupport.parkNanos(300_000_000); // let the link notice and back off
      assertThat(hosts.links[0].outstanding(1)).isEqualTo(1000);
      hosts.startServer(1, port);

      Hosts.await(() -> hosts.links[0].outstanding(1) == 0, LIMIT, "acknowledged by new peer");
      List<Message> got = hosts.received(1);
      // The restarted receiver forgot what its previous run delivered but did not acknowledge:
      // such messages may come twice (the core drops them by channel seq); none is missing,
      // and the new run's deliveries are in order.
      assertThat(got.stream().mapToInt(m -> m.seq).distinct().count()).isEqualTo(2000);
      List<Message> afterRestart = got.subList(1000, got.size());
      for (int i = 1; i < afterRestart.size(); i++) {
        assertThat(afterRestart.get(i).seq).isEqualTo(afterRestart.get(i - 1).seq + 1);
      }
      assertThat(afterRestart.get(afterRestart.size() - 1).seq).isEqualTo(2000);
    }
  }

  @Test
  void forgettingAFailedHostDropsItsQueueAndFreesTheSenders() throws Exception {
    int capacity = 32;
    try (Hosts hosts = new Hosts(2, capacity, m -> {})) {
      int port = hosts.stopServer(1);
      for (int i = 1; i <= capacity; i++) {
        hosts.links[0].send(1, Hosts.msg(0, 4, i));
      }
      assertThat(hosts.links[0].writable(1)).isFalse();

      hosts.links[0].forget(1); // the manager declared host 1 failed
      Hosts.await(() -> hosts.links[0].writable(1), LIMIT, "writable after forget");
      assertThat(hosts.links[0].outstanding(1)).isZero();

      hosts.startServer(1, port);
      hosts.links[0].send(1, Hosts.msg(0, 4, 1)); // e.g. re-sent from the kept copies (R7)
      Hosts.await(() -> hosts.receivedCount(1) == 1, LIMIT, "delivery on the new epoch");
    }
  }

  @Test
  void onlyTheLocalHostsVmsMaySend() throws Exception {
    try (Hosts hosts = new Hosts(2, 16, m -> {})) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> hosts.links[0].send(1, Hosts.msg(5, 4, 1)))
          .isInstanceOf(IllegalArgumentException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> hosts.links[0].send(1, Hosts.msg(0, 1, 1)))
          .isInstanceOf(IllegalArgumentException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(
          () -> hosts.links[0].send(7, Hosts.msg(0, 4, 1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static void sendRange(Hosts hosts, int fromHost, int toHost, int fromVm, int toVm,
      int n) {
    sendRange(hosts, fromHost, toHost, fromVm, toVm, 1, n);
  }

  private static void sendRange(Hosts hosts, int fromHost, int toHost, int fromVm, int toVm,
      int first, int last) {
    try {
      for (int i = first; i <= last; i++) {
        hosts.sendObeying(fromHost, toHost, Hosts.msg(fromVm, toVm, i));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Exactly messages 1..n of one channel, in that order. */
  private static void assertInOrderOnce(List<Message> got, int n) {
    assertThat(got).hasSize(n);
    List<Integer> wrong = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (got.get(i).seq != i + 1 || got.get(i).payload != i + 1) {
        wrong.add(i);
      }
    }
    assertThat(wrong).as("positions out of order").isEmpty();
  }
}
