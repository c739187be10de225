package org.vmqsc.core.baseline.bcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.model.Message;

/** BCS receipts through the shared inbox: gaps wait, copies of delivered messages are dropped. */
class BcsReceiveTest {
  private static Rules rules(boolean suppression) {
    return suppression ? Rules.ALL : Rules.ALL.withoutDuplicateSuppression();
  }

  /** VM 0 on host 0 and VM 1 on host 1, both SI. */
  private static BcsBed twoHosts(boolean suppression) {
    return new BcsBed(new int[] {1, 1}, new int[] {0, 1}, 2, rules(suppression));
  }

  @ParameterizedTest(name = "duplicate suppression {0}")
  @ValueSource(booleans = {true, false})
  void aMessageAheadOfAGapWaitsForItWhetherOrNotDuplicatesAreSuppressed(boolean suppression) {
    BcsBed inOrder = twoHosts(suppression);
    inOrder.send(0, 1);
    inOrder.send(0, 1);
    inOrder.deliverAll();

    BcsBed bed = twoHosts(suppression);
    bed.send(0, 1);
    bed.send(0, 1);
    Message first = (Message) bed.wire.poll()[1];
    Message second = (Message) bed.wire.poll()[1];
    bed.bcs.onArrival(1, second);
    assertThat(bed.ledger(1).recvCount(0)).as("held behind #1").isZero();
    bed.bcs.onArrival(1, first);
    assertThat(bed.ledger(1).recvCount(0)).isEqualTo(2);
    assertThat(bed.ledger(1).recvChain(0)).as("delivered in sequence order")
        .isEqualTo(inOrder.ledger(1).recvChain(0));
  }

  @ParameterizedTest(name = "duplicate suppression {0}")
  @ValueSource(booleans = {true, false})
  void aCopyOfADeliveredMessageIsDroppedOnlyWhileTheRuleIsOn(boolean suppression) {
    BcsBed bed = twoHosts(suppression);
    bed.send(0, 1);
    Message copy = (Message) bed.wire.peek()[1];
    bed.deliverAll();
    bed.bcs.onArrival(1, copy); // a re-sent copy, as after a recovery
    assertThat(bed.ledger(1).recvCount(0)).isEqualTo(suppression ? 1 : 2);
  }
}
