package org.vmqsc.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.role.Report;

/**
 * An acknowledgement travels, as a report does (StaleReportTest): one made before a recovery can
 * reach the sender after it, and the recovery's phase 5 has by then re-sent the copy it names
 * (R7, D4). Whether it still counts depends on the receiver's execution, not on when it arrives:
 * it is void if a rollback of the receiver undid the interval it was delivered in (D2, D6), and
 * valid if the receipt is in the state the receiver returned to.
 */
class StaleAcknowledgementTest {

  /** Every host ticks {@code from..to}, all writes completing, the manager announcing or not. */
  private static void periods(TestBed bed, int from, int to, boolean announce) {
    for (int x = from; x <= to; x++) {
      bed.storage.completeAll();
      for (Hypervisor hv : bed.hvs) {
        hv.onTick(x);
      }
      bed.storage.completeAll();
      if (announce) {
        bed.manager.onTick();
      }
    }
  }

  private static Message lastOnWire(TestBed bed) {
    return (Message) bed.wire.peekLast()[1];
  }

  /**
   * The hole of D4 that the hand-over could not close: vm2 delivered m, and host 1's report with
   * the ack was still on its way when host 1 crashed. The recovery rolled vm2 back to a line
   * before m's receipt and phase 5 re-sent vm0's copy; then the old report arrived and the manager
   * relayed its ack. Had it settled the re-sent copy, the line would pass m, vm0 would drop its
   * copy, and when host 1 crashed again before the copy landed, m was lost.
   */
  @Test
  void anAckOnItsWayWhenTheReceiverRollsBackDoesNotSettleTheResentCopy() {
    // vm0 on host 0, vm2 on host 1
    TestBed bed = new TestBed(new int[] {1, 1, 1}, new int[] {0, 0, 1}, 2);
    HostRecovery recovery = new HostRecovery(bed.manager);
    periods(bed, 1, 2, true);
    bed.send(0, 2);
    Message m = lastOnWire(bed);
    bed.deliverAll();
    bed.holdReportsOf.add(1);
    bed.tickHost(1, 3); // the ack leaves in host 1's report...
    Report late = bed.held.remove(0);
    assertThat(late.acks()).hasSize(1);
    bed.holdReportsOf.clear();

    bed.restart(1, 3); // ...which is still on its way when host 1 crashes
    HostRecovery.Plan first = bed.recover(recovery, 1);
    assertThat(first.line()).as("m's receipt is after the line").isLessThanOrEqualTo(2);
    assertThat(lastOnWire(bed)).as("phase 5 re-sent the copy").isSameAs(m);
    bed.wire.clear(); // and the copy is still on its way to host 1 in what follows

    bed.manager.onReport(late); // the old report lands; its ack is relayed with the next word
    bed.manager.onTick();
    assertThat(bed.vm(0).inFlight()).as("the void ack settles nothing").isEqualTo(1);

    periods(bed, 3, 6, true);
    assertThat(bed.manager.durableLine()).as("the line waits for the re-sent copy")
        .isLessThanOrEqualTo(m.senderIndex);
    assertThat(bed.vm(0).senderCopies()).as("so vm0 keeps it").isEqualTo(1);

    bed.restart(1, 6); // host 1 crashes again before the copy landed
    bed.recover(recovery, 1);
    bed.deliverAll();
    assertThat(bed.vm(2).guest().ledger().recvCount(0)).as("m is not lost").isEqualTo(1);
    periods(bed, 7, 8, true);
    assertThat(bed.vm(0).inFlight()).as("vm2's own ack settles it").isZero();
    assertThat(bed.manager.durableLine()).isGreaterThan(m.senderIndex);
  }

  /**
   * The other side of the rule: an ack of an older execution of the receiver whose receipt the
   * rollback kept still settles. vm1 delivered m in interval 2; host 1 crashed while vm0 did not
   * yet know that the line had passed m, so phase 5 re-sent vm0's kept copy to the rebuilt vm1,
   * which already held it: a duplicate, acknowledged again. That ack was on its way when host 2
   * crashed and rolled vm1 back once more (from memory, to the same line, which m's receipt is
   * below). Nothing will acknowledge m again (vm1's log since the line has no m, and only host 2's
   * VM gets re-sent copies), so if this old ack did not settle the copy, the line would stall.
   */
  @Test
  void anOldAckOfAReceiptTheRollbackKeptStillSettles() {
    // vm0 on host 0, vm1 on host 1, vm2 on host 2
    TestBed bed = new TestBed(new int[] {1, 1, 1}, new int[] {0, 1, 2}, 3);
    HostRecovery recovery = new HostRecovery(bed.manager);
    periods(bed, 1, 2, true);
    bed.send(0, 1);
    Message m = lastOnWire(bed);
    bed.deliverAll();
    periods(bed, 3, 3, true); // vm1's ack reaches vm0 with the manager's word
    assertThat(bed.vm(0).inFlight()).isZero();
    periods(bed, 4, 5, false); // the line passes m; vm0 has not heard it, so it keeps its copy
    assertThat(bed.manager.durableLine()).isGreaterThan(m.senderIndex);
    assertThat(bed.vm(0).senderCopies()).isEqualTo(1);

    bed.restart(1, 5);
    HostRecovery.Plan first = bed.recover(recovery, 1);
    int y = first.line();
    assertThat(y).as("m's receipt is in the line").isGreaterThan(m.senderIndex);
    assertThat(bed.vm(0).inFlight()).as("phase 5 re-sent m: in flight again").isEqualTo(1);
    bed.holdReportsOf.add(1);
    bed.deliverAll();
    assertThat(bed.duplicates).as("vm1 held m already").containsExactly(m);
    bed.tickHost(1, 6); // the duplicate's ack leaves in host 1's report and is delayed

    bed.send(2, 1); // vm1 now depends on vm2 after the line
    bed.deliverAll();
    bed.restart(2, 6);
    HostRecovery.Plan second = bed.recover(recovery, 2);
    assertThat(second.line()).isEqualTo(y);
    assertThat(second.rollback()).as("vm1 rolls back again, from memory").contains(1);
    assertThat(bed.wire).as("nothing re-sent to vm1").noneMatch(w -> ((Message) w[1]).to == 1);

    bed.holdReportsOf.clear();
    List<Report> late = List.copyOf(bed.held);
    late.forEach(bed.manager::onReport); // the report of vm1's previous execution lands
    assertThat(late.get(0).acks()).extracting(Ack::receiverIncarnation)
        .as("made by the execution the second recovery replaced")
        .allMatch(inc -> inc < bed.vm(1).incarnation());
    bed.manager.onTick();
    assertThat(bed.vm(0).inFlight()).as("the receipt is in vm1's restored state").isZero();
    for (int x = 7; x <= 9; x++) {
      bed.deliverAll();
      periods(bed, x, x, true);
    }
    assertThat(bed.manager.durableLine()).as("the line moves on").isGreaterThan(y);
    assertThat(bed.vm(1).guest().ledger().recvCount(0)).as("m delivered once").isEqualTo(1);
  }
}
