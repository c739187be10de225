package org.vmqsc.core.baseline.pessimistic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.guest.Guest;
import org.vmqsc.core.spi.Protocol;

/** Receiver-based pessimistic logging, told as stories on a hand-driven bed. */
class PessimisticLoggingTest {
  /** VM 0 on host 0, VM 1 on host 1, both SI. */
  private static PessimisticBed twoHosts() {
    return new PessimisticBed(new int[] {1, 1}, new int[] {0, 1}, 2);
  }

  @Test
  void aReceiptReachesTheGuestOnlyOnceItsLogWriteIsDurable() {
    PessimisticBed b = twoHosts();
    b.timer(0, 1);
    assertThat(b.wire).as("a timer is a determinant: logged before the guest acts on it")
        .isEmpty();
    b.storage.complete(0);
    assertThat(b.wire).hasSize(1);
    b.deliverAll();
    assertThat(b.ledger(1).recvCount(0)).as("staged, not yet durable").isZero();
    assertThat(b.host(1).waiting(1)).isEqualTo(1);
    b.now = 5;
    b.storage.complete(1);
    assertThat(b.ledger(1).recvCount(0)).isEqualTo(1);
    assertThat(b.host(1).deliveryWaits().meanMessageWaitMillis()).isEqualTo(5.0);
    assertThat(b.protocol.blockedVmMillis()).as("VM 1 held input for 5 ms").isEqualTo(5);
  }

  @Test
  void theSenderKeepsItsCopyUntilTheReceivingHostAcknowledgesTheWrite() {
    PessimisticBed b = twoHosts();
    b.timer(0, 1);
    b.settle();
    assertThat(b.host(0).copiesHeld(0)).isEqualTo(1);
    b.protocol.onTick(0, 1);
    assertThat(b.host(0).copiesHeld(0)).as("acks come from the receiver's host")
        .isEqualTo(1);
    b.protocol.onTick(1, 1);
    assertThat(b.host(0).copiesHeld(0)).isZero();
    assertThat(b.control).containsEntry("ack", 1);
  }

  @Test
  void aSafeCheckpointReclaimsTheStableStateBeforeIt() {
    PessimisticBed b = twoHosts();
    b.timer(0, 1);
    b.settle();
    b.tick(1);
    b.settle();
    assertThat(b.storage.checkpointIndexes(0)).containsExactly(1);
    assertThat(b.storage.durableItems(0)).as("the timer record before it is gone too").hasSize(1);
    assertThat(b.protocol.durableLine()).isEqualTo(1);
  }

  @Test
  void aVmFailureReplaysToExactlyTheStateItFailedIn() {
    PessimisticBed b = twoHosts();
    b.timer(0, 1);
    b.timer(1, 0);
    b.settle();
    b.tick(1);
    b.settle();
    b.timer(0, 1);
    b.timer(1, 0);
    b.timer(0, 1);
    b.settle();
    b.timer(0, 1);
    b.storage.complete(0);
    b.deliverAll(); // staged for VM 1, not yet durable
    long digest = b.protocol.guest(1).digest();
    b.protocol.failVm(1);
    assertThat(b.protocol.guest(1)).isNull();
    b.timer(0, 1);
    b.storage.complete(0);
    b.deliverAll();
    b.storage.complete(1); // logged while VM 1 is down; waits for it
    b.protocol.restoreVm(1);
    assertThat(b.replayedDigest).containsEntry(1, digest);
    assertThat(b.replayed).as("the receipts after checkpoint 1, and no more").hasSize(2);
    assertThat(b.rolledBack).containsExactly(Set.of(1));
    assertThat(b.ledger(1).recvCount(0)).as("then what waited is delivered").isEqualTo(5);
    assertThat(b.ledger(0).recvCount(1)).isEqualTo(2);
  }

  @Test
  void aHostFailureRebuildsOnlyThatHostsVmsAndRecoversWhatItLost() {
    PessimisticBed b = new PessimisticBed(new int[] {1, 1, 1}, new int[] {0, 0, 1}, 2);
    b.timer(0, 2);
    b.timer(2, 0);
    b.settle();
    b.tick(1);
    b.settle();
    b.timer(0, 2);
    b.storage.complete(0);
    b.deliverAll(); // staged at host 1, lost with it
    Guest g0 = b.protocol.guest(0);
    long d0 = g0.digest();
    b.failHost(1);
    b.timer(1, 2);
    b.storage.complete(0);
    b.deliverAll(); // reaches a dead host: dropped
    org.vmqsc.core.role.Recovery r = b.recover(Set.of(1), 1);
    assertThat(r.rolledBack()).containsExactly(2);
    assertThat(b.restoredToLine).containsOnlyKeys(2).containsEntry(2, 1L);
    assertThat(b.protocol.guest(0)).isSameAs(g0);
    assertThat(g0.digest()).isEqualTo(d0);
    b.settle();
    assertThat(b.ledger(2).recvCount(0)).as("re-sent from host 0's copy").isEqualTo(2);
    assertThat(b.ledger(2).recvCount(1)).isEqualTo(1);
    assertThat(b.control.get("retransmit")).isEqualTo(2);
  }

  @Test
  void aCopyThatWasAlreadyLoggedIsDroppedAsADuplicateAndAcknowledgedAgain() {
    PessimisticBed b = twoHosts();
    b.timer(0, 1);
    b.settle(); // logged and delivered; the ack waits for host 1's tick
    b.failHost(1);
    b.recover(Set.of(1), 0);
    b.deliverAll();
    assertThat(b.duplicates).hasSize(1);
    assertThat(b.ledger(1).recvCount(0)).isEqualTo(1);
    b.tick(1);
    assertThat(b.host(0).copiesHeld(0)).isZero();
  }

  @Test
  void whenBothHostsFailASenderRestartsFromItsLastSafeCheckpointSoNothingIsLost() {
    PessimisticBed b = twoHosts();
    b.timer(0, 1);
    b.storage.complete(0);
    b.deliverAll(); // VM 1's receipt is staged, not durable
    b.protocol.onTick(0, 1);
    b.storage.complete(0); // VM 0's checkpoint 1 is durable, but its send is not logged yet
    assertThat(b.storage.checkpointIndexes(0)).containsExactly(0, 1);
    b.failHost(0);
    b.failHost(1);
    b.recover(Set.of(0, 1), 1);
    assertThat(b.restoredToLine).as("checkpoint 1 is durable but not safe")
        .containsEntry(0, 0L);
    b.settle();
    assertThat(b.ledger(0).sentCount(1)).isEqualTo(1);
    assertThat(b.ledger(1).recvCount(0)).as("regenerated by VM 0's replay").isEqualTo(1);
  }
}
