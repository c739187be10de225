package org.vmqsc.core.baseline.bcs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * BCS with control messages that take their time: the courier holds a host's reports or restart
 * requests until the test releases them. What was sent in an execution a rollback has since undone
 * must settle nothing: not a line, not another rollback.
 */
class BcsDelayedControlTest {
  /** VM 0 on host 0, VM 1 on host 1, both SI. */
  private static BcsBed twoHosts() {
    return new BcsBed(new int[] {1, 1}, new int[] {0, 1}, 2);
  }

  @Test
  void aReportFromBeforeARollbackDoesNotMoveTheLineWhenItArrivesAfterIt() {
    BcsBed b = twoHosts();
    b.holdFrom.add(1);
    b.tick(1);
    b.storage.completeAll();
    b.tick(2);
    b.storage.completeAll();
    b.tick(3); // host 1's reports, up to "VM 1 allows line 2", are on their way
    b.bcs.failVm(0);
    b.bcs.restoreVm(0); // every VM rolls back to line 0: host 1 never got a report through
    assertThat(b.incarnation(1)).isEqualTo(1);
    for (int x = 4; x <= 6; x++) {
      b.tickHost(0, x); // VM 0 climbs to sn 3 again, allowing line 2
      b.storage.completeAll();
    }
    assertThat(b.bcs.durableLine()).isZero();

    b.holdFrom.clear();
    b.releaseControl(); // host 1's stale reports: VM 1's sn 2 belongs to the undone execution

    assertThat(b.bcs.durableLine()).as("VM 1 stands at sn 0 now").isZero();
    b.bcs.failVm(1);
    b.bcs.restoreVm(1);
    assertThat(b.sn(1)).as("rolled back to a line it still has").isZero();
    assertThat(b.incarnation(1)).isEqualTo(2);
  }

  @Test
  void aRestartRequestOvertakenByAHostRecoveryRollsNothingBackAgain() {
    BcsBed b = twoHosts();
    b.send(0, 1);
    b.deliverAll();
    b.bcs.failVm(0);
    b.holdFrom.add(0);
    b.bcs.restoreVm(0); // VM 0's restart request is on its way
    b.failHost(1);
    b.recover(); // every VM rolls back, VM 0 included
    assertThat(b.incarnation(0)).isEqualTo(1);
    assertThat(b.bcs.isUp(0)).isTrue();

    b.releaseControl();

    assertThat(b.incarnation(0)).as("no second rollback").isEqualTo(1);
    assertThat(b.control.stream().filter("rollback"::equals).count()).isEqualTo(2);
    assertThat(b.ledger(1).recvCount(0)).as("the undone send is gone with its execution")
        .isZero();
  }

  @Test
  void acksFromTheUndoneExecutionSettleNothingForTheRestoredSender() {
    BcsBed b = twoHosts();
    b.holdFrom.add(org.vmqsc.core.role.RoleSystem.MANAGER);
    b.send(0, 1);
    b.deliverAll();
    b.tick(1); // host 1's report acknowledges VM 0's message; the manager relays it...
    b.bcs.onManagerTick(1); // ...in an announcement that is held
    b.bcs.failVm(1);
    b.bcs.restoreVm(1); // rollback to line 0: VM 0's send is undone
    b.send(0, 1); // the same channel sequence number in the new incarnation
    b.tick(2);
    b.storage.completeAll();
    b.tick(3);

    b.releaseControl(); // the old announcement, then the new ones

    b.storage.completeAll();
    b.tick(4);
    b.bcs.onManagerTick(4);
    b.releaseControl();
    assertThat(b.bcs.durableLine()).as("VM 0's new send is still in flight").isZero();
    b.deliverAll();
    b.storage.completeAll(); // VM 1 logs it: it came from below VM 1's sn
    b.tick(5);
    b.bcs.onManagerTick(5);
    b.releaseControl();
    b.tick(6);
    assertThat(b.bcs.durableLine()).as("acknowledged now").isPositive();
  }
}
