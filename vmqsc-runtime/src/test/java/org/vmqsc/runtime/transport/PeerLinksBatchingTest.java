package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vmqsc.core.model.Message;

/**
 * Links with a linger, as the hypervisor builds them: a burst of sends leaves as one frame when
 * the caller flushes, nothing waits past the linger, and batching changes neither order nor
 * exactly-once, across broken streams too.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerLinksBatchingTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @Test
  void messagesSentApartLeaveAsOneFrameWhenTheCallerFlushes() throws Exception {
    try (Hosts hosts = Hosts.lingering(2, PeerLinks.DEFAULT_CAPACITY,
        PeerLinks.MAX_LINGER_MICROS, m -> {})) {
      PeerLinks links = hosts.links[0];
      links.send(1, Hosts.msg(0, 4, 1));
      links.flush();
      Hosts.await(() -> hosts.receivedCount(1) == 1, LIMIT, "the link up"); // stream ready now
      long before = links.framesWritten(1);
      for (int i = 2; i <= 21; i++) {
        links.send(1, Hosts.msg(0, 4, i));
        LockSupport.parkNanos(200_000); // the loop's events come apart: the writer would wake
      }
      links.flush(); // the loop has nothing due now
      Hosts.await(() -> hosts.receivedCount(1) == 21, LIMIT, "the burst");

      assertThat(links.framesWritten(1) - before).as("frames for 20 messages").isEqualTo(1);
      assertInOrderOnce(hosts.received(1), 21);
    }
  }

  @Test
  void withoutAFlushMessagesLeaveWhenTheLingerEnds() throws Exception {
    try (Hosts hosts = Hosts.lingering(2, PeerLinks.DEFAULT_CAPACITY, 20_000, m -> {})) {
      hosts.links[0].send(1, Hosts.msg(0, 4, 1));
      hosts.links[0].send(1, Hosts.msg(0, 4, 2));
      Hosts.await(() -> hosts.receivedCount(1) == 2, LIMIT, "the linger's end");
      assertInOrderOnce(hosts.received(1), 2);

      hosts.links[0].send(1, Hosts.msg(0, 4, 3)); // and again, a linger later
      Hosts.await(() -> hosts.receivedCount(1) == 3, LIMIT, "the next linger's end");
      assertInOrderOnce(hosts.received(1), 3);
    }
  }

  @Test
  void aStreamOfMessagesLeavesInFullBatchesInOrderOnce() throws Exception {
    int n = 100_000;
    try (Hosts hosts = Hosts.lingering(2, PeerLinks.DEFAULT_CAPACITY, 1000, m -> {})) {
      for (int i = 1; i <= n; i++) {
        hosts.sendObeying(0, 1, Hosts.msg(0, 4, i)); // never flushed: batches fill, or linger
      }
      Hosts.await(() -> hosts.receivedCount(1) >= n, LIMIT, "all messages");

      assertInOrderOnce(hosts.received(1), n);
      assertThat(hosts.links[0].framesWritten(1)).as("frames for %d messages", n)
          .isLessThanOrEqualTo(n / 10);
      Hosts.await(() -> hosts.links[0].outstanding(1) == 0, LIMIT, "every message acknowledged");
    }
  }

  @Test
  void aBrokenStreamResumesWithEachMessageOnceInOrder() throws Exception {
    int n = 30_000;
    try (Hosts hosts = Hosts.lingering(2, 512, 1000, m -> {})) {
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
        if (i % 7 == 0) {
          hosts.links[0].flush(); // bursts of seven, as a loop's events send them
        }
      }
      sending.set(false);
      breaker.join();
      Hosts.await(() -> hosts.receivedCount(1) >= n, LIMIT, "all messages");
      assertInOrderOnce(hosts.received(1), n);
    }
  }

  @Test
  void aLingerIsBounded() {
    var b = PeerLinks.builder(0, Hosts.SECRET);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.lingerMicros(-1))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> b.lingerMicros(PeerLinks.MAX_LINGER_MICROS + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lingerMicros");
  }

  private static void assertInOrderOnce(List<Message> got, int n) {
    assertThat(got).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(got.get(i).seq).as("position %d", i).isEqualTo(i + 1);
    }
  }
}
