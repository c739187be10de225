package org.vmqsc.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.role.Report;
import org.vmqsc.core.spi.StableItem;

/**
 * Phase 5 of a recovery puts a surviving sender's kept copy back in flight (R7', D4) with a sender
 * index below the usable line the manager last heard from that sender. The sender kept its
 * execution, so the incarnation check of D2 does not mark that figure stale; if the sender's host
 * does not report again (it failed next, as in random world 1062172961861436781), any other
 * report lets the durable line pass the copy, and a second failure of the receiver's host loses
 * it. The manager must hold the sender's usable at the recovery's line until a report made after
 * the re-send.
 */
class ResentCopyStaleUsableTest {
  // vm0 on host 0 sends to vm1 on host 1; vm2 on host 2 keeps reporting; all SI
  private final TestBed bed = new TestBed(new int[] {1, 1, 1}, new int[] {0, 1, 2}, 3);
  private final HostRecovery recovery = new HostRecovery(bed.manager);

  /** Completes the pending writes of these hosts only, in order. */
  private void complete(int... hosts) {
    List<Object[]> done = new ArrayList<>();
    for (Object[] p : bed.storage.pending) {
      for (int h : hosts) {
        if ((int) p[0] == h) {
          done.add(p);
        }
      }
    }
    bed.storage.pending.removeAll(done);
    for (Object[] p : done) {
      StableItem item = (StableItem) p[2];
      bed.storage.durable[item.vm()].add(item);
      bed.hvs[(int) p[0]].onDurable((long) p[1]);
    }
  }

  private void period(int x, int[] tickHosts, int... completeHosts) {
    for (int h : tickHosts) {
      bed.hvs[h].onTick(x);
    }
    complete(completeHosts);
    bed.manager.onTick();
  }

  @Test
  void aSurvivorsReportFromBeforeTheResendDoesNotLetTheLinePassTheCopy() {
    int[] all = {0, 1, 2};
    for (int x = 1; x <= 2; x++) {
      period(x, all, 0, 1, 2);
    }
    bed.send(0, 1);
    Message m = (Message) bed.wire.peekLast()[1];
    bed.deliverAll(); // vm1 receives m in interval 2, at or after the line it will return to
    for (int x = 3; x <= 5; x++) {
      period(x, all, 0, 2); // host 1's writes lag: its VM holds the line at m's index
    }
    assertThat(bed.vm(0).inFlight()).as("vm1's ack settled m at vm0").isZero();
    assertThat(bed.manager.durableLine()).isLessThanOrEqualTo(m.senderIndex);

    bed.restart(1, 5); // host 1 crashes; its VM returns to the line, before m's receipt
    HostRecovery.Plan plan = bed.recover(recovery, 1);
    assertThat(plan.line()).isLessThanOrEqualTo(m.senderIndex);
    assertThat(bed.vm(0).inFlight()).as("phase 5 re-sent m: in flight again").isEqualTo(1);
    bed.wire.clear(); // the copy is still on its way in what follows

    // host 0 does not report again (it is about to fail); hosts 1 and 2 go on reporting
    for (int x = 6; x <= 8; x++) {
      period(x, new int[] {1, 2}, 1, 2);
    }
    assertThat(bed.manager.durableLine())
        .as("vm0's report from before the re-send must not move the line past the copy")
        .isLessThanOrEqualTo(m.senderIndex);

    // vm0's next report, made after the re-send, counts again once the copy is acknowledged
    bed.hvs[1].onArrival(m);
    for (int x = 6; x <= 9; x++) {
      period(x, all, 0, 1, 2);
    }
    assertThat(bed.vm(0).inFlight()).isZero();
    assertThat(bed.manager.durableLine()).isGreaterThan(m.senderIndex);
  }

  /**
   * The same with delayed control: vm0's host made a report before the re-send that reaches the
   * manager after it (vm0 kept its incarnation, so nothing else marks it stale). It must not
   * raise vm0's usable line past the copy; a report made after the re-send does.
   */
  @Test
  void aSurvivorsReportStillOnItsWayAtTheResendIsIgnored() {
    int[] all = {0, 1, 2};
    for (int x = 1; x <= 2; x++) {
      period(x, all, 0, 1, 2);
    }
    bed.send(0, 1);
    Message m = (Message) bed.wire.peekLast()[1];
    bed.deliverAll();
    for (int x = 3; x <= 4; x++) {
      period(x, all, 0, 2);
    }
    bed.holdReportsOf.add(0);
    period(5, all, 0, 2); // host 0's report of period 5 is still on its way...
    Report late = bed.held.remove(0);
    bed.holdReportsOf.clear();
    assertThat(late.usable()[0]).as("it says vm0 is usable past m").isGreaterThan(m.senderIndex);

    bed.restart(1, 5); // ...when host 1 crashes and the recovery re-sends m
    HostRecovery.Plan plan = bed.recover(recovery, 1);
    assertThat(plan.line()).isLessThanOrEqualTo(m.senderIndex);
    bed.wire.clear();
    bed.manager.onReport(late); // the old report lands; host 0's next one is slow to come
    for (int x = 6; x <= 8; x++) {
      period(x, new int[] {1, 2}, 1, 2);
    }
    assertThat(bed.manager.durableLine()).as("a report made before the re-send")
        .isLessThanOrEqualTo(m.senderIndex);

    period(9, all, 0, 1, 2); // vm0's own report after the re-send: m is in flight
    assertThat(bed.manager.durableLine()).isLessThanOrEqualTo(m.senderIndex);
    bed.hvs[1].onArrival(m);
    for (int x = 10; x <= 12; x++) {
      period(x, all, 0, 1, 2);
    }
    assertThat(bed.manager.durableLine()).isGreaterThan(m.senderIndex);
  }
}
