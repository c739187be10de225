package org.vmqsc.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** R1, R3, R10: who checkpoints when, and what a forced checkpoint is. */
class CheckpointRulesTest {
  // vm0 SI on host 0, vm1 MI2 on host 0, vm2 MI3 on host 1
  private final TestBed bed = new TestBed(new int[] {1, 2, 3}, new int[] {0, 0, 1}, 2);

  @Test
  void eachVmTakesBasicCheckpointsOnItsOwnPeriodOnly() { // R1
    for (int x = 1; x <= 6; x++) {
      bed.tick(x);
    }
    assertThat(bed.checkpoints).allMatch(c -> !c.forced());
    assertThat(bed.checkpoints.stream().filter(c -> c.vm() == 0).map(c -> c.due()))
        .containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(bed.checkpoints.stream().filter(c -> c.vm() == 1).map(c -> c.due()))
        .containsExactly(2, 4, 6);
    assertThat(bed.checkpoints.stream().filter(c -> c.vm() == 2).map(c -> c.due()))
        .containsExactly(3, 6);
    assertThat(bed.vm(2).index()).isEqualTo(6);
  }

  @Test
  void aMessageFromAHigherIndexForcesTheReceiverAheadBeforeDelivery() { // R3, paper's m8
    bed.tickHost(0, 1);
    bed.tickHost(0, 2);
    bed.tickHost(1, 1); // host 1 lags: vm2 at index 1
    bed.send(0, 2); // vm0 sends at index 2
    bed.deliverAll();
    assertThat(bed.vm(2).index()).isEqualTo(2);
    // vm2 is MI3: index 2 is not due, so no checkpoint is forced, only the index moves
    assertThat(bed.checkpoints.stream().filter(c -> c.vm() == 2)).isEmpty();
    bed.tickHost(0, 3);
    bed.send(0, 2);
    bed.deliverAll();
    assertThat(bed.checkpoints.stream().filter(c -> c.vm() == 2))
        .containsExactly(new TestBed.Checkpoint(2, 3, 3, true));
  }

  @Test
  void skippingSeveralIndexesTakesOneCheckpointForTheWholeRange() { // D1
    for (int x = 1; x <= 5; x++) {
      bed.tickHost(0, x);
    }
    bed.tickHost(1, 1); // vm2 at index 1; vm0 at 5
    bed.send(0, 2);
    bed.deliverAll();
    assertThat(bed.checkpoints.stream().filter(c -> c.vm() == 2))
        .containsExactly(new TestBed.Checkpoint(2, 2, 3, true));
    assertThat(bed.vm(2).index()).isEqualTo(5);
    bed.tickHost(1, 5);
    assertThat(bed.checkpoints.stream().filter(c -> c.vm() == 2)).hasSize(1);
  }

  @Test
  void checkpointsAreStagedAndOnlyBecomeDurableWhenWritten() { // R10
    bed.tick(1);
    assertThat(bed.vm(0).durableThrough()).isEqualTo(0);
    assertThat(bed.manager.durableLine()).isZero();
    bed.storage.completeAll();
    assertThat(bed.vm(0).durableThrough()).isEqualTo(1);
    bed.tick(2);
    assertThat(bed.vm(0).durableThrough()).as("C(0,2) is still staged").isEqualTo(1);
    assertThat(bed.vm(2).durableThrough()).as("MI3 with nothing to write").isEqualTo(2);
    assertThat(bed.manager.takenLine()).isEqualTo(2);
    assertThat(bed.manager.durableLine()).isEqualTo(1);
    bed.storage.completeAll();
    bed.tick(3);
    assertThat(bed.manager.durableLine()).isEqualTo(2);
  }
}
