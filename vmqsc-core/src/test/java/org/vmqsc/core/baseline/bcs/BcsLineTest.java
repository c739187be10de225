package org.vmqsc.core.baseline.bcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The manager's lines: taken = the lowest sn; durable = the highest n with every VM's line-n
 * checkpoint durable, no unacknowledged send below n and no CHANNEL record below n still pending.
 */
class BcsLineTest {
  // vm0 on host 0, vm1 on host 1, both SI
  private final BcsBed bed = new BcsBed(new int[] {1, 1}, new int[] {0, 1}, 2);

  /** A period with every write completed before its tick and the manager's tick after it. */
  private void period(int x) {
    bed.storage.completeAll();
    bed.tick(x);
    bed.bcs.onManagerTick(x);
  }

  @Test
  void theDurableLineWaitsForTheLazyWrites() {
    bed.tick(1);
    bed.tick(2);
    assertThat(bed.bcs.takenLine()).isEqualTo(2);
    assertThat(bed.bcs.durableLine()).isZero();
    bed.storage.completeAll();
    assertThat(bed.bcs.durableLine()).as("learnt from the next reports only").isZero();
    bed.tick(3);
    assertThat(bed.bcs.durableLine()).isEqualTo(2);
  }

  @Test
  void theDurableLineDoesNotPassAMessageStillInFlight() {
    period(1);
    period(2);
    bed.send(0, 1); // sn 2, held on the wire
    period(3);
    period(4);
    assertThat(bed.bcs.durableLine()).isEqualTo(2);
    bed.deliverAll(); // vm1 at sn 4 receives sn 2: a CHANNEL record, pending
    period(5); // host 1 reports the ack; the manager relays it
    assertThat(bed.bcs.durableLine()).isEqualTo(2);
    period(6);
    assertThat(bed.bcs.durableLine()).isEqualTo(5);
  }

  @Test
  void theDurableLineDoesNotPassAChannelRecordThatIsNotDurable() {
    period(1);
    period(2);
    bed.send(0, 1);
    period(3);
    bed.deliverAll(); // vm1 at sn 3 receives sn 2: CHANNEL record, staged
    bed.tick(4);
    bed.bcs.onManagerTick(4); // the ack reaches vm0's host
    bed.tick(5); // but the record is still not durable
    assertThat(bed.bcs.durableLine()).isEqualTo(2);
    bed.storage.completeAll();
    bed.tick(6);
    assertThat(bed.bcs.durableLine()).isEqualTo(5);
  }

  @Test
  void controlTrafficIsAReportAndAnAnnouncementPerHostPerPeriod() {
    for (int x = 1; x <= 5; x++) {
      bed.send(0, 1);
      bed.send(1, 0);
      bed.deliverAll();
      period(x);
    }
    assertThat(bed.control).hasSize(5 * 2 * 2);
    assertThat(bed.control).containsOnly("report", "announce");
  }
}
