package org.vmqsc.core.baseline.bcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.baseline.bcs.BcsBed.Checkpoint;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.spi.StableItem.LogItem;

/** BCS's checkpoint rules: basic on the VM's own period, forced on a higher sn, CHANNEL logs. */
class BcsCheckpointTest {
  @Test
  void basicCheckpointsFallOnEachVmsOwnPeriodAndCountItsOwnCheckpoints() {
    BcsBed bed = new BcsBed(new int[] {1, 2, 3}, new int[] {0, 0, 0}, 1); // SI, MI2, MI3
    for (int x = 1; x <= 6; x++) {
      bed.tick(x);
    }
    assertThat(bed.checkpoints).filteredOn(c -> c.vm() == 1).extracting(Checkpoint::due)
        .containsExactly(2, 4, 6);
    assertThat(bed.checkpoints).filteredOn(c -> c.vm() == 2).extracting(Checkpoint::due)
        .containsExactly(3, 6);
    assertThat(bed.checkpoints).noneMatch(Checkpoint::forced);
    // sn counts the VM's own checkpoints, not base periods
    assertThat(bed.sn(0)).isEqualTo(6);
    assertThat(bed.sn(1)).isEqualTo(3);
    assertThat(bed.sn(2)).isEqualTo(2);
    assertThat(bed.bcs.takenLine()).isEqualTo(2);
  }

  @Test
  void aMessageWithAHigherSnForcesACheckpointBeforeItIsDelivered() {
    BcsBed bed = new BcsBed(new int[] {1, 2}, new int[] {0, 1}, 2); // SI on host 0, MI2 on host 1
    bed.tick(1); // vm0: sn 1; vm1 (MI2) not due: sn 0
    long before = bed.bcs.guest(1).digest();
    bed.send(0, 1);
    bed.deliverAll();

    Checkpoint forced = bed.checkpoints.get(bed.checkpoints.size() - 1);
    assertThat(forced).isEqualTo(new Checkpoint(1, 1, 1, true));
    assertThat(bed.sn(1)).isEqualTo(1);
    // the forced checkpoint is the state before the receipt: line 1 holds no orphan
    assertThat(bed.crossedDigest.get("1@1")).isEqualTo(before);
    assertThat(bed.ledger(1).recvCount(0)).isEqualTo(1);
  }

  @Test
  void aForcedJumpStandsForEveryLineItSkips() {
    BcsBed bed = new BcsBed(new int[] {1, 3}, new int[] {0, 1}, 2);
    bed.tickHost(0, 1);
    bed.tickHost(0, 2); // host 1's clock is behind: vm0 at sn 2, vm1 at 0
    long before = bed.bcs.guest(1).digest();
    bed.send(0, 1);
    bed.deliverAll();
    assertThat(bed.checkpoints).contains(new Checkpoint(1, 1, 2, true));
    assertThat(bed.crossedDigest).containsEntry("1@1", before).containsEntry("1@2", before);
  }

  @Test
  void noForcedCheckpointForAnEqualOrLowerSn() {
    BcsBed bed = new BcsBed(new int[] {1, 2}, new int[] {0, 1}, 2);
    bed.tick(1);
    bed.send(1, 0); // vm1 at sn 0 -> vm0 at sn 1
    bed.tick(2); // both at sn ... vm0 2, vm1 1
    bed.deliverAll();
    assertThat(bed.checkpoints).noneMatch(Checkpoint::forced);
  }

  @Test
  void aMessageWithALowerSnIsLoggedAsChannelStateOnReceipt() {
    BcsBed bed = new BcsBed(new int[] {1, 2}, new int[] {0, 1}, 2);
    bed.tick(1); // vm0 sn 1, vm1 sn 0
    bed.send(1, 0);
    bed.send(0, 1); // drags vm1 to sn 1: the next message from vm1 is not logged
    bed.deliverAll();
    bed.send(1, 0);
    bed.deliverAll();

    assertThat(bed.logs).hasSize(1);
    LogItem log = bed.logs.get(0);
    assertThat(log.kind()).isEqualTo(LogItem.Kind.CHANNEL);
    assertThat(log.vm()).isEqualTo(0);
    assertThat(log.interval()).isEqualTo(1); // the receiver's sn at receipt
    assertThat(log.entries().get(0).message().senderIndex).isZero();
  }

  @Test
  void theForcedCheckpointSwitchBreaksTheRuleOnPurpose() {
    BcsBed bed = new BcsBed(new int[] {1, 2}, new int[] {0, 1}, 2,
        Rules.ALL.withoutForcedCheckpoint());
    bed.tick(1);
    bed.send(0, 1);
    bed.deliverAll();
    assertThat(bed.checkpoints).noneMatch(Checkpoint::forced);
    assertThat(bed.sn(1)).isZero();
  }
}
