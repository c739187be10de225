package org.vmqsc.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.LogEntry;
import org.vmqsc.core.model.Message;

/** R5's in-memory log: appended at the tail, dropped at the head, its room given back. */
class VolatileLogTest {
  private final VolatileLog log = new VolatileLog();
  private long position;

  private void deliver(int interval, int count) {
    for (int i = 0; i < count; i++) {
      log.add(new LogEntry(new Message(1, 2, (int) position + 1, interval, 0, 0, 0), interval,
          false, position++));
    }
  }

  @Test
  void aBurstDroppedBehindTheLineLeavesTheRestInOrder() {
    deliver(1, 5000); // a burst
    log.startInterval();
    deliver(2, 3);
    log.startInterval();
    deliver(3, 2);
    int grown = log.capacity();
    log.dropBefore(2);
    assertThat(log.size()).isEqualTo(5);
    assertThat(log.capacity()).as("the burst's room given back").isLessThan(grown / 100);
    assertThat(log.get(0).position).isEqualTo(5000);
    assertThat(log.between(2, 3)).extracting(e -> e.position).containsExactly(5000L, 5001L, 5002L);
    assertThat(log.currentInterval()).extracting(e -> e.position).containsExactly(5003L, 5004L);
    deliver(3, 1);
    assertThat(log.currentInterval()).hasSize(3);
    assertThat(log.from(3)).extracting(e -> e.position).containsExactly(5003L, 5004L, 5005L);
  }
}
