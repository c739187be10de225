package org.vmqsc.core.baseline.bcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.spi.Protocol;
import org.vmqsc.core.spi.StableItem.LogItem;

/** Recovery: every VM back to the durable line, its channel state again, orphans dropped. */
class BcsRollbackTest {
  // vm0 on host 0, vm1 on host 1, both SI
  private final BcsBed bed = new BcsBed(new int[] {1, 1}, new int[] {0, 1}, 2);

  /**
   * Line 1 with a message m (vm1 -> vm0) in transit across it: host 0 ticks first, so vm0
   * checkpoints, then receives m, sent by vm1 before its own line-1 checkpoint.
   */
  private void lineOneWithAMessageInTransit() {
    bed.tickHost(0, 1);
    bed.send(1, 0);
    bed.deliverAll();
    bed.tickHost(1, 1);
    bed.storage.completeAll();
    bed.tick(2);
    bed.bcs.onManagerTick(2);
    bed.tick(3); // line-2 and line-3 checkpoints stay staged
    assertThat(bed.bcs.durableLine()).isEqualTo(1);
  }

  @Test
  void aHostFailureRollsEveryVmBackToTheDurableLine() {
    lineOneWithAMessageInTransit();
    bed.send(0, 1); // after the line: an orphan once vm0 rolls back
    bed.deliverAll();
    bed.send(0, 1); // still in flight at the failure
    bed.failHost(1);

    org.vmqsc.core.role.Recovery r = bed.recover();

    assertThat(r.line()).isEqualTo(1);
    assertThat(r.rolledBack()).containsExactly(0, 1);
    for (int v = 0; v < 2; v++) {
      assertThat(bed.incarnation(v)).isEqualTo(1);
      assertThat(bed.sn(v)).isEqualTo(1);
      // P5: exactly the state the VM had when it reached index 1
      assertThat(bed.restoredDigest.get(v + "@1")).isEqualTo(bed.crossedDigest.get(v + "@1"));
    }
    // m crossed the line: re-delivered from its CHANNEL record, once
    assertThat(bed.ledger(0).recvCount(1)).isEqualTo(1);
    assertThat(bed.ledger(1).sentCount(0)).isEqualTo(1);
    // vm1 no longer holds what vm0's undone execution sent; the one in flight is dropped
    assertThat(bed.ledger(1).recvCount(0)).isZero();
    bed.deliverAll();
    assertThat(bed.orphans).hasSize(1);
    assertThat(bed.ledger(1).recvCount(0)).isZero();
  }

  @Test
  void reDeliveredChannelStateIsLoggedAgainSoASecondFailureFindsIt() {
    lineOneWithAMessageInTransit();
    bed.failHost(0);
    bed.recover();
    LogItem again = bed.logs.get(bed.logs.size() - 1);
    assertThat(again.kind()).isEqualTo(LogItem.Kind.CHANNEL);
    assertThat(again.incarnation()).isEqualTo(1);
    // a second failure before that record is durable: the first record still serves
    bed.failHost(0);
    bed.recover();
    assertThat(bed.ledger(0).recvCount(1)).isEqualTo(1);
    assertThat(bed.incarnation(0)).isEqualTo(2);
  }

  @Test
  void aVmFailureAlsoRollsEveryVmBack() {
    lineOneWithAMessageInTransit();
    bed.bcs.failVm(1);
    assertThat(bed.bcs.isUp(1)).isFalse();
    bed.bcs.restoreVm(1);
    assertThat(bed.bcs.isUp(1)).isTrue();
    assertThat(bed.incarnation(0)).isEqualTo(1);
    assertThat(bed.incarnation(1)).isEqualTo(1);
    assertThat(bed.ledger(0).recvCount(1)).isEqualTo(1);
  }

  @Test
  void aVmRestartWhileAHostIsDownWaitsForTheHostRecovery() {
    lineOneWithAMessageInTransit();
    bed.bcs.failVm(0);
    bed.failHost(1);
    bed.bcs.restoreVm(0);
    assertThat(bed.bcs.isUp(0)).isFalse();
    bed.recover();
    assertThat(bed.bcs.isUp(0)).isTrue();
    assertThat(bed.incarnation(0)).isEqualTo(1);
  }

  @Test
  void theNewHistoryIgnoresCheckpointsOfTheUndoneOne() {
    lineOneWithAMessageInTransit();
    bed.storage.completeAll(); // sn 2 and 3 become durable, then the line is reset to 1
    bed.failHost(1); // (nothing pending any more) -- the line is still 1 in the manager's view
    bed.recover();
    int line = bed.bcs.durableLine();
    bed.send(0, 1); // the new history differs from the undone one
    bed.deliverAll();
    // run on: the new history's checkpoints reuse sns 2, 3 ... with firstIndex > restored sn
    for (int x = 4; x <= 6; x++) {
      bed.storage.completeAll();
      bed.tick(x);
      bed.bcs.onManagerTick(x);
    }
    assertThat(bed.bcs.durableLine()).isGreaterThan(line);
    bed.failHost(0);
    org.vmqsc.core.role.Recovery r = bed.recover();
    for (int v = 0; v < 2; v++) {
      assertThat(bed.restoredDigest.get(v + "@" + r.line()))
          .isEqualTo(bed.crossedDigest.get(v + "@" + r.line()));
    }
  }
}
