package org.vmqsc.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Message;

/** SPEC §5: duplicates dropped by sequence number; orphans of an undone execution dropped. */
class DuplicatesAndOrphansTest {
  private final TestBed bed = new TestBed(new int[] {1, 1}, new int[] {0, 1}, 2);

  @Test
  void aMessageSeenTwiceIsDeliveredOnce() {
    bed.send(0, 1);
    Object[] w = bed.wire.peek();
    bed.deliverAll();
    bed.hvs[1].onArrival((Message) w[1]);
    assertThat(bed.duplicates).hasSize(1);
  }

  @Test
  void messagesAheadOfAGapWaitForIt() {
    bed.send(0, 1);
    bed.send(0, 1);
    Message first = (Message) bed.wire.poll()[1];
    Message second = (Message) bed.wire.poll()[1];
    long start = bed.vm(1).guest().digest();
    bed.hvs[1].onArrival(second);
    assertThat(bed.vm(1).guest().digest()).as("held back").isEqualTo(start);
    bed.hvs[1].onArrival(first);
    assertThat(bed.vm(1).guest().ledger().recvCount(0)).isEqualTo(2);
  }

  @Test
  void anOrphanHeldBehindAGapIsDroppedWhenItsSenderRollsBack() {
    bed.send(0, 1); // index 0: survives a rollback to line 1
    bed.tick(1);
    bed.send(0, 1); // index 1: undone by it
    Message kept = (Message) bed.wire.poll()[1];
    Message undone = (Message) bed.wire.poll()[1];
    bed.hvs[1].onArrival(undone); // ahead of the gap: held
    bed.hvs[1].noteRollback(0, 1, 1, bed.topo.hostOf(0));
    bed.hvs[1].onArrival(kept);
    assertThat(bed.vm(1).guest().ledger().recvCount(0)).as("the orphan never reaches the guest")
        .isEqualTo(1);
  }

  @Test
  void aMessageFromARolledBackExecutionIsAnOrphanOnlyIfSentAfterTheLine() {
    bed.tick(1);
    bed.send(0, 1); // index 1
    Message sentAfterLine = (Message) bed.wire.poll()[1];
    // vm0 rolled back to line 1 (on its own host): its index-1 sends are void
    bed.hvs[1].noteRollback(0, 1, 1, bed.topo.hostOf(0));
    bed.hvs[1].onArrival(sentAfterLine);
    assertThat(bed.orphans).containsExactly(sentAfterLine);

    TestBed other = new TestBed(new int[] {1, 1}, new int[] {0, 1}, 2);
    other.send(0, 1); // index 0
    Message sentBeforeLine = (Message) other.wire.poll()[1];
    other.tick(1);
    other.hvs[1].noteRollback(0, 1, 1, other.topo.hostOf(0));
    other.hvs[1].onArrival(sentBeforeLine);
    assertThat(other.orphans).isEmpty();
    assertThat(other.vm(1).guest().ledger().recvCount(0)).isEqualTo(1);
  }
}
