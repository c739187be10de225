package org.vmqsc.core.protocol;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vmqsc.core.config.Rules;
import org.vmqsc.core.model.Ack;
import org.vmqsc.core.model.Message;
import org.vmqsc.core.spi.ProtocolListener;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acknowledgements are values (D2, D4): a receiver's host names what it delivered in its report,
 * the manager relays the name, and the sender's hypervisor settles the message it names. Nothing
 * is marked on a shared message, so a rollback on either side cannot be fooled by a stale one.
 */
class AcknowledgementStoriesTest {
  // vm0, vm1 on host 0; vm2 on host 1
  private final TestBed bed = new TestBed(new int[] {1, 1, 1}, new int[] {0, 0, 1}, 2);

  private void periods(int from, int to) {
    for (int x = from; x <= to; x++) {
      bed.storage.completeAll();
      bed.tick(x);
    }
    bed.storage.completeAll();
  }

  private Message lastOnWire() {
    return (Message) bed.wire.peekLast()[1];
  }

  /** Host {@code host} crashes and comes back empty, resuming at index x. */
  private Hypervisor restart(int host, int x) {
    Hypervisor fresh = new Hypervisor(host, bed.topo, Rules.ALL,
        (d, m) -> bed.wire.add(new Object[] {d, m}), bed.storage,
        r -> bed.manager.onReport((org.vmqsc.core.role.Report) r), ProtocolListener.NONE);
    fresh.resumeAt(x);
    bed.hvs[host] = fresh;
    return fresh;
  }

  @Test
  void anAckReachesTheSenderOnlyThroughTheManagerAndSettlesItsMessageOnce() {
    periods(1, 2);
    bed.send(0, 2);
    Message m = lastOnWire();
    assertThat(bed.vm(0).inFlight()).isEqualTo(1);
    assertThat(bed.vm(0).usable()).as("the line waits for m").isLessThanOrEqualTo(m.senderIndex);

    bed.deliverAll();
    bed.tickHost(1, 3);
    assertThat(bed.reports.get(bed.reports.size() - 1).acks())
        .as("m's name, and the execution of vm2 that delivered it: its first, in interval 2")
        .containsExactly(Ack.of(m, 0, 2));
    assertThat(bed.vm(0).inFlight()).as("not before the manager relays it").isEqualTo(1);
    bed.manager.onTick();
    assertThat(bed.vm(0).inFlight()).isZero();

    bed.hvs[1].onArrival(m); // the network delivers m twice: dropped, and acknowledged again
    assertThat(bed.duplicates).containsExactly(m);
    bed.tickHost(1, 3);
    bed.manager.onTick();
    assertThat(bed.vm(0).inFlight()).as("the repeated ack settles nothing").isZero();
    bed.send(0, 2);
    assertThat(bed.vm(0).inFlight()).as("the next message is tracked afresh").isEqualTo(1);
  }

  @Test
  void aLocalReceiptSettlesAtOnce() {
    periods(1, 2);
    bed.send(0, 1);
    assertThat(bed.vm(0).inFlight()).isZero();
    assertThat(bed.vm(1).guest().ledger().recvCount(0)).isEqualTo(1);
  }

  /** R7': the kept copy goes only once it is acknowledged and the durable line has passed it. */
  @Test
  void aKeptCopyIsDroppedOnceAcknowledgedAndBehindTheLine() {
    periods(1, 2);
    bed.send(0, 2);
    bed.deliverAll();
    assertThat(bed.vm(0).senderCopies()).isEqualTo(1);
    periods(3, 5);
    assertThat(bed.manager.durableLine()).isGreaterThan(2);
    assertThat(bed.vm(0).senderCopies()).isZero();
  }

  /**
   * D4, an ack before a rollback: host 1 delivered m and reported the ack, then crashed before
   * the manager relayed it, so m's receipt is undone. Phase 5 re-sends vm0's copy of m; the old
   * ack is handed over before that, so that when the manager next announces, nothing settles the
   * re-sent copy: it stays in flight, holding the line, until the restarted vm2 acknowledges it.
   */
  @Test
  void anAckOfAReceiptTheRollbackUndidDoesNotSettleTheResentCopy() {
    periods(1, 2);
    bed.send(0, 2);
    Message m = lastOnWire();
    bed.deliverAll();
    bed.tickHost(1, 3); // the ack rides in host 1's report; the manager holds it
    restart(1, 3);
    HostRecovery.Plan plan = new HostRecovery(bed.manager).recover(Set.of(1), h -> bed.hvs[h]);
    assertThat(plan.rollback()).containsExactly(2);
    assertThat(lastOnWire()).as("phase 5 re-sent the copy").isSameAs(m);

    bed.manager.onTick();
    assertThat(bed.vm(0).inFlight()).as("the re-sent copy waits for a new ack").isEqualTo(1);
    assertThat(bed.vm(0).usable()).isLessThanOrEqualTo(m.senderIndex);

    bed.deliverAll();
    assertThat(bed.vm(2).guest().ledger().recvCount(0)).isEqualTo(1);
    bed.tickHost(1, 3);
    bed.manager.onTick();
    assertThat(bed.vm(0).inFlight()).isZero();
  }

  /**
   * An ack after a rollback: vm0's host crashed after vm2 received vm0's m, so m is an orphan
   * and vm0's new execution reuses its sequence number. The ack of the undone m, handed over in
   * the recovery or arriving any time later, names the old incarnation and settles nothing.
   */
  @Test
  void anAckOfTheUndoneExecutionNeverSettlesTheNewExecutionsMessage() {
    periods(1, 2);
    bed.send(0, 2);
    Message old = lastOnWire();
    bed.deliverAll();
    bed.tickHost(1, 3);
    restart(0, 3);
    HostRecovery.Plan plan = new HostRecovery(bed.manager).recover(Set.of(0), h -> bed.hvs[h]);
    assertThat(plan.rollback()).containsExactly(0, 1, 2);

    bed.send(0, 2);
    Message now = lastOnWire();
    assertThat(now.seq).isEqualTo(old.seq);
    assertThat(now.senderIncarnation).isGreaterThan(old.senderIncarnation);
    bed.hvs[0].onAcks(List.of(Ack.of(old)));
    assertThat(bed.vm(0).inFlight()).isEqualTo(1);
    bed.manager.onTick();
    assertThat(bed.vm(0).inFlight()).isEqualTo(1);
  }
}
