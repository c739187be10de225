package org.vmqsc.core.baseline.coordinated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.spi.Protocol;

/** Any failure: the open round is aborted and every VM returns to the committed line. */
class CoordinatedRecoveryTest {
  private final CoordinatedBed bed = new CoordinatedBed();

  /** Line 1 with one message (0 -> 2) in transit across it, logged as channel state. */
  private void commitLineOneWithChannelState() {
    bed.send(0, 2);
    bed.protocol.onManagerTick(1);
    bed.storage.completeAll();
    bed.deliverAll();
    bed.storage.completeAll();
    assertThat(bed.protocol.takenLine()).isEqualTo(1);
  }

  @Test
  void aHostFailureRollsEveryVmBackToTheLineAndRedeliversItsChannelState() {
    commitLineOneWithChannelState();
    bed.send(0, 2); // after the line: undone by the rollback
    bed.deliverAll();
    bed.send(2, 0); // after the line, still in flight at the failure: an orphan
    bed.protocol.failHost(1);
    bed.storage.lose(1);

    org.vmqsc.core.role.Recovery r = bed.protocol.recoverHosts(Set.of(1), new int[] {5, 5});

    assertThat(r.line()).isEqualTo(1);
    assertThat(r.rolledBack()).containsExactly(0, 1, 2, 3);
    assertThat(bed.restoredTo).containsOnlyKeys(0, 1, 2, 3).allSatisfy((vm, line) ->
        assertThat(line).isEqualTo(1));
    for (int v = 0; v < 4; v++) {
      assertThat(bed.restoredDigest.get(v)).as("vm " + v + " at its round-1 state")
          .isEqualTo(bed.crossedDigest.get(v).get(1));
    }
    assertThat(bed.ledger(0).sentCount(2)).isEqualTo(1);
    assertThat(bed.ledger(2).recvCount(0)).as("channel state re-delivered").isEqualTo(1);

    bed.deliverAll();
    assertThat(bed.orphans).singleElement().satisfies(m -> assertThat(m.from).isEqualTo(2));
    assertThat(bed.ledger(0).recvCount(2)).isZero();
  }

  @Test
  void aHostFailureDuringARoundAbortsItAndReturnsToThePreviousLine() {
    commitLineOneWithChannelState();
    bed.protocol.onManagerTick(2);
    bed.send(1, 3); // blocked
    bed.storage.complete(0);
    bed.protocol.failHost(1);
    bed.storage.lose(1);
    assertThat(bed.openRound()).isEqualTo(-1);
    assertThat(bed.control).contains("abort");

    org.vmqsc.core.role.Recovery r = bed.protocol.recoverHosts(Set.of(1), new int[] {5, 5});
    assertThat(r.line()).isEqualTo(1);
    assertThat(bed.ledger(1).sentCount(3)).isZero();
    assertThat(bed.ledger(2).recvCount(0)).isEqualTo(1);
    bed.deliverAll();
    assertThat(bed.ledger(3).recvCount(1)).as("the released send was an orphan").isZero();
  }

  @Test
  void aVmFailureRollsBackEveryVmWhenItsRestartIsDue() {
    commitLineOneWithChannelState();
    bed.protocol.onManagerTick(2);
    bed.protocol.failVm(1);
    assertThat(bed.openRound()).as("the round is aborted").isEqualTo(-1);
    assertThat(bed.protocol.isUp(1)).isFalse();
    bed.protocol.onManagerTick(3);
    assertThat(bed.openRound()).as("no round while a VM is down").isEqualTo(-1);

    bed.protocol.restoreVm(1);
    assertThat(bed.rollbacks).containsExactly(Set.of(0, 1, 2, 3));
    assertThat(bed.restoredTo.values()).containsOnly(1);
    assertThat(bed.protocol.isUp(1)).isTrue();
    bed.protocol.onManagerTick(4);
    assertThat(bed.openRound()).isEqualTo(4);
  }

  @Test
  void aDurableLineIsNeverOneWhoseCheckpointsAHostLost() {
    bed.protocol.onManagerTick(1);
    bed.storage.complete(0);
    bed.protocol.failHost(1); // its round-1 checkpoints were staged, not durable
    bed.storage.lose(1);
    org.vmqsc.core.role.Recovery r = bed.protocol.recoverHosts(Set.of(1), new int[] {1, 1});
    assertThat(r.line()).isZero();
    assertThat(bed.restoredTo.values()).containsOnly(0);
  }

  @Test
  void withoutTheChannelLogAMessageInTransitAcrossTheLineIsLost() {
    CoordinatedBed broken = new CoordinatedBed(Rules.ALL.withoutBackwardLog());
    broken.send(0, 2);
    broken.protocol.onManagerTick(1);
    broken.storage.completeAll();
    broken.deliverAll();
    assertThat(broken.protocol.takenLine()).isEqualTo(1); // committed without a record
    broken.protocol.failHost(1);
    broken.protocol.recoverHosts(Set.of(1), new int[] {1, 1});
    assertThat(broken.ledger(0).sentCount(2)).isEqualTo(1);
    assertThat(broken.ledger(2).recvCount(0)).as("lost: sent in line 1, received by no one")
        .isZero();
  }
}
