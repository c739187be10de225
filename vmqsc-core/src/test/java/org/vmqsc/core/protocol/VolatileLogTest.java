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

  @Test
  void entriesReadBackWithTheirIntervalMarkAndPositionAcrossRunsGapsAndARollback() {
    deliver(1, 3);
    log.add(new LogEntry(new Message(1, 2, 9, 0, 0, 0, 0), 1, true, position++)); // R8: own run
    deliver(1, 2);
    position += 10; // a rollback elsewhere moved the counter on: positions jump
    log.startInterval();
    deliver(2, 4);
    assertThat(log.between(1, 2)).extracting(e -> e.position).containsExactly(0L, 1L, 2L, 3L, 4L,
        5L);
    assertThat(log.between(1, 2)).extracting(e -> e.r8).containsExactly(false, false, false, true,
        false, false);
    assertThat(log.currentInterval()).extracting(e -> e.position).containsExactly(16L, 17L, 18L,
        19L);
    assertThat(log.get(3).r8).isTrue();
    assertThat(log.get(6).interval).isEqualTo(2);
    log.dropFrom(2); // the execution after interval 1 is undone
    assertThat(log.size()).isEqualTo(6);
    deliver(2, 1);
    assertThat(log.from(2)).extracting(e -> e.position).containsExactly(20L);
    log.dropBefore(2);
    assertThat(log.size()).isEqualTo(1);
    assertThat(log.get(0).interval).isEqualTo(2);
    log.dropBefore(3);
    assertThat(log.size()).isZero();
    deliver(3, 1);
    assertThat(log.get(0).position).isEqualTo(21L);
    assertThat(log.get(0).interval).isEqualTo(3);
  }
}
