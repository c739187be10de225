package org.vmqsc.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The relay's latency metric (docs/operations.md, vmqsc_relay_ack_latency_seconds): each batch
 * is timed from its write to the acknowledgement that its messages were delivered, so a slow
 * delivery shows in it, and it is sampled per batch, never per message.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerLinksAckLatencyTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @Test
  void aBatchIsTimedFromItsWriteToTheAcknowledgementOfItsDelivery() throws Exception {
    List<Long> samples = new CopyOnWriteArrayList<>();
    long slowMillis = 30;
    try (Hosts hosts = Hosts.timed(2, PeerLinks.MAX_LINGER_MICROS, m -> {
      if (m.seq > 1) { // the first opens the link; the burst after it is delivered slowly
        sleep(slowMillis);
      }
    }, samples::add)) {
      PeerLinks links = hosts.links[0];
      links.send(1, Hosts.msg(0, 4, 1));
      links.flush();
      Hosts.await(() -> hosts.receivedCount(1) == 1 && links.outstanding(1) == 0, LIMIT,
          "the link up");
      int before = samples.size();
      for (int i = 2; i <= 4; i++) {
        links.send(1, Hosts.msg(0, 4, i));
      }
      links.flush();
      Hosts.await(() -> links.outstanding(1) == 0, LIMIT, "the burst acknowledged");

      List<Long> burst = samples.subList(before, samples.size());
      assertThat(burst).as("one sample per batch written, not per message")
          .hasSizeLessThanOrEqualTo(3).isNotEmpty();
      long longest = burst.stream().mapToLong(Long::longValue).max().orElseThrow();
      assertThat(longest).as("the last batch waited for three slow deliveries")
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(slowMillis));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
