package org.vmqsc.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vmqsc.core.spi.StableItem.LogItem;

/** R5, R6, R7, R8 and the manager's durable line (R4) around them. */
class LoggingRulesTest {
  // vm0 SI on host 0, vm1 MI2 on host 0, vm2 SI on host 1
  private final TestBed bed = new TestBed(new int[] {1, 2, 1}, new int[] {0, 0, 1}, 2);

  @Test
  void anMiVmNotDueLogsTheIntervalItReceivedToStableStorage() { // R6, paper's m3
    bed.send(0, 1);
    bed.send(2, 1);
    bed.deliverAll();
    bed.tick(1); // vm1 (MI2) not due at 1: its interval-0 log goes to stable storage
    assertThat(bed.stableLogs).hasSize(1);
    LogItem r6 = bed.stableLogs.get(0);
    assertThat(r6.kind()).isEqualTo(LogItem.Kind.R6);
    assertThat(r6.vm()).isEqualTo(1);
    assertThat(r6.messages()).isEqualTo(2);
    bed.send(0, 1);
    bed.deliverAll();
    bed.tick(2); // due at 2: a checkpoint, and no log (paper's m5)
    assertThat(bed.stableLogs).hasSize(1);
  }

  @Test
  void siVmsNeverLogOrdinaryMessagesToStableStorage() { // R6
    bed.send(1, 0);
    bed.send(2, 0);
    bed.deliverAll();
    bed.tick(1);
    bed.tick(2);
    assertThat(bed.stableLogs).as("the SI VMs 0 and 2 wrote nothing")
        .allMatch(l -> l.vm() == 1);
    // vm1 (MI2) sent, so its interval-0 log holds one timer determinant (SPEC §5) and no message
    assertThat(bed.stableLogs).singleElement()
        .satisfies(l -> assertThat(l.messages()).isZero());
  }

  @Test
  void aMessageReceivedInALaterIntervalThanSentGoesToStableStorage() { // R8, paper's m7
    bed.send(2, 0); // sent at index 0
    bed.tickHost(0, 1); // receiver moves to 1 before it arrives
    bed.deliverAll();
    assertThat(bed.stableLogs).singleElement()
        .satisfies(l -> assertThat(l.kind()).isEqualTo(LogItem.Kind.R8));
  }

  @Test
  void theDurableLineWaitsForMessagesStillInFlight() { // D2
    bed.send(2, 0); // in flight, sent at 0
    bed.tick(1);
    bed.storage.completeAll();
    bed.tick(2);
    bed.storage.completeAll();
    bed.tick(3);
    assertThat(bed.manager.durableLine()).as("unacknowledged message sent at 0").isZero();
    bed.deliverAll(); // arrives at 3: R8
    bed.tick(4); // acks flow back with host 0's tick
    bed.storage.completeAll();
    bed.tick(5);
    assertThat(bed.manager.durableLine()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void theSenderKeepsCrossHostCopiesUntilAcknowledgedAndBehindTheLine() { // R7
    bed.send(2, 0);
    assertThat(bed.vm(2).senderCopies()).isEqualTo(1);
    bed.deliverAll();
    bed.tick(1);
    assertThat(bed.vm(2).senderCopies()).as("acknowledged, but line 0 not passed").isEqualTo(1);
    for (int x = 2; x <= 4; x++) {
      bed.storage.completeAll();
      bed.tick(x);
    }
    assertThat(bed.manager.durableLine()).isGreaterThan(0);
    assertThat(bed.vm(2).senderCopies()).isZero();
  }

  @Test
  void theVolatileLogIsKeptBackToTheDurableLineOnly() { // R5, D4
    bed.send(2, 0);
    bed.deliverAll();
    bed.tick(1);
    assertThat(bed.vm(0).volatileLogSize()).as("line still 0").isEqualTo(1);
    for (int x = 2; x <= 4; x++) {
      bed.storage.completeAll();
      bed.tick(x);
    }
    assertThat(bed.vm(0).volatileLogSize()).isZero();
  }
}
